package org.dsodenet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dsodenet.io.AtomicFileTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
    @TempDir
    Path dir;

    private static Map<String, Double> row(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return m;
    }

    @Test
    void writesCsvAndJsonAfterEveryEpoch() throws IOException {
        MetricsLog log = new MetricsLog(dir, "metrics");
        log.epoch(0, row("train_loss", 2.5, "train_acc", 0.25));
        assertEquals("epoch,train_loss,train_acc\n0,2.5,0.25\n", Files.readString(dir.resolve("metrics.csv")));
        log.epoch(1, row("train_loss", 1.125, "val_acc", 0.5, "train_acc", Double.NaN));
        assertEquals("epoch,train_loss,train_acc,val_acc\n0,2.5,0.25,\n1,1.125,NaN,0.5\n",
                Files.readString(dir.resolve("metrics.csv")));
        JsonArray json = JsonParser.parseString(Files.readString(dir.resolve("metrics.json"))).getAsJsonArray();
        assertEquals(2, json.size());
        JsonObject r1 = json.get(1).getAsJsonObject();
        assertEquals(1, r1.get("epoch").getAsInt());
        assertEquals(1.125, r1.get("train_loss").getAsDouble());
        assertTrue(r1.get("train_acc").isJsonNull());
        assertFalse(json.get(0).getAsJsonObject().has("val_acc"));
        assertEquals(List.of("metrics.csv", "metrics.json"), AtomicFileTest.names(dir));
    }

    @Test
    void iterationRowsAreBufferedUntilFlush() throws IOException {
        MetricsLog log = new MetricsLog(dir, "run");
        log.iteration(0, 0, row("loss", 3));
        log.iteration(0, 1, row("loss", 2, "lr", 0.1));
        assertFalse(Files.exists(dir.resolve("run-iter.csv")));
        log.flush();
        assertEquals("epoch,iteration,loss,lr\n0,0,3.0,\n0,1,2.0,0.1\n", Files.readString(dir.resolve("run-iter.csv")));
        assertTrue(Files.exists(dir.resolve("run-iter.json")));
    }

    @Test
    void resumeKeepsEarlierEpochsOnly() throws IOException {
        MetricsLog log = new MetricsLog(dir, "m");
        for (int e = 0; e < 4; e++) {
            log.iteration(e, 0, row("loss", 10 - e));
            log.epoch(e, row("loss", 10 - e, "acc", e / 4.0));
        }
        MetricsLog resumed = MetricsLog.resume(dir, "m", 2);
        assertEquals(2, resumed.epochs().size());
        assertEquals(2, resumed.iterations().size());
        assertEquals(Map.of("loss", 9.0, "acc", 0.25), resumed.epochs().get(1).values());
        resumed.epoch(2, row("loss", 7.5, "acc", 0.5));
        assertEquals("epoch,loss,acc\n0,10.0,0.0\n1,9.0,0.25\n2,7.5,0.5\n", Files.readString(dir.resolve("m.csv")));
        assertEquals(0, MetricsLog.resume(dir, "absent", 5).epochs().size());
    }

    @Test
    void badNamesAndFilesAreRefused() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> new MetricsLog(dir, "../escape"));
        MetricsLog log = new MetricsLog(dir, "m");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> log.epoch(0, row("a,b", 1)));
        assertEquals("invalid metric name 'a,b'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> log.epoch(0, row("epoch", 1)));
        Files.writeString(dir.resolve("bad.json"), "{not an array");
        e = assertThrows(IllegalArgumentException.class, () -> MetricsLog.resume(dir, "bad", 1));
        assertTrue(e.getMessage().startsWith("metrics file " + dir.resolve("bad.json") + " is malformed"),
                e.getMessage());
    }
}
