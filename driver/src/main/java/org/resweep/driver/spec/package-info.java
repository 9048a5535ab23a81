/**
 * Sweep specifications: the YAML format of {@code docs/sweep-spec.md}, loaded safely (plain maps, lists and
 * scalars only) and validated completely — unknown keys, wrong types, empty axes, bad values and unreadable data
 * are {@link org.resweep.driver.spec.SpecException}s naming the field path, the value and what is allowed — and
 * its expansion into tasks. {@link org.resweep.driver.spec.SweepPlan#of} walks the axes in one fixed, documented
 * order; each task is a {@link org.resweep.core.train.RunConfig}, whose run id hashes its canonical text and whose
 * seed derives from its content and replicate, never from the position in the grid or a Spark partition. The
 * {@link org.resweep.driver.spec.CostModel} gives each task a relative cost so that the Spark layer can submit
 * the longest first. Nothing here touches Spark.
 */
package org.resweep.driver.spec;
