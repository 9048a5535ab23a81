/**
 * The paper's experiments as data: which experiment a sweep directory holds ({@link org.resweep.jobs.repro.Experiment},
 * recognised by the sweep name stored in {@code sweep.json}), and for each one an analysis that reads the Parquet
 * tables through Spark SQL, draws its figures (XChart, PNG, headless) and evaluates the paper's claims as
 * {@link org.resweep.jobs.repro.Claim}s — holds / does not hold / inconclusive, always with the number behind the
 * verdict and never a hard-coded result. {@link org.resweep.jobs.repro.Report} assembles the sections into
 * {@code report.md}. The analyses only read; running the sweeps is {@code resweep run}'s code path.
 */
package org.resweep.jobs.repro;
