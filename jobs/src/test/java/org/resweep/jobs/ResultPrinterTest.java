package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultPrinterTest {
    private final List<String> cols = List.of("name", "x", "ok", "v");
    private final List<Object[]> rows = List.<Object[]>of(
            new Object[] {"a,b", 0.1, true, Arrays.asList(1.0, 2.5)},
            new Object[] {"q\"t", Double.POSITIVE_INFINITY, null, null});

    @Test
    void csvHasAHeaderThenRowsQuotedPerRfc4180() {
        assertEquals("name,x,ok,v\n\"a,b\",0.1,true,\"[1.0, 2.5]\"\n\"q\"\"t\",Infinity,,\n",
                ResultPrinter.print(ResultPrinter.Format.CSV, cols, rows));
    }

    @Test
    void jsonIsAnArrayOfObjectsWrittenByTheOneJsonWriter() {
        // non-finite numbers follow the project's single JSON policy (Json.write)
        assertEquals("[\n{\"name\":\"a,b\",\"x\":0.1,\"ok\":true,\"v\":[1.0,2.5]},\n"
                        + "{\"name\":\"q\\\"t\",\"x\":" + Json.write(Double.POSITIVE_INFINITY) + ",\"ok\":null,\"v\":null}\n]\n",
                ResultPrinter.print(ResultPrinter.Format.JSON, cols, rows));
        assertEquals("[]\n", ResultPrinter.print(ResultPrinter.Format.JSON, cols, List.of()));
    }

    @Test
    void tableIsAligned() {
        assertEquals("name | x        | ok   | v         \n"
                        + "---- | -------- | ---- | ----------\n"
                        + "a,b  | 0.1      | true | [1.0, 2.5]\n"
                        + "q\"t  | Infinity | NULL | NULL      \n"
                        + "(2 rows)\n",
                ResultPrinter.print(ResultPrinter.Format.TABLE, cols, rows));
    }
}
