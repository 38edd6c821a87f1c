package org.dsodenet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dsodenet.io.AtomicFileTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportWriteTest {
    @TempDir
    Path dir;

    @Test
    void writesTheRenderedPageAndNothingElse() throws IOException {
        Path out = dir.resolve("report.html");
        HtmlReport.write(SampleReports.full(), out);
        assertEquals(List.of("report.html"), AtomicFileTest.names(dir));
        assertEquals(HtmlReport.render(SampleReports.full()), Files.readString(out, StandardCharsets.UTF_8));
    }

    @Test
    void replacesAnExistingReportWithoutLeftovers() throws IOException {
        Path out = dir.resolve("report.html");
        Files.writeString(out, "old");
        HtmlReport.write(ReportData.builder("new run").build(), out);
        assertEquals(List.of("report.html"), AtomicFileTest.names(dir));
        assertTrue(Files.readString(out).contains("<h1>new run</h1>"));
    }

    @Test
    void createsMissingDirectories() throws IOException {
        Path out = dir.resolve("runs/42/report.html");
        HtmlReport.write(ReportData.builder("t").build(), out);
        assertTrue(Files.isRegularFile(out));
        assertEquals(List.of("report.html"), AtomicFileTest.names(out.getParent()));
    }

    @Test
    void aDirectoryInTheWayIsRefusedAndLeftAlone() throws IOException {
        Path out = dir.resolve("report.html");
        Files.createDirectory(out);
        Files.writeString(out.resolve("keep"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HtmlReport.write(ReportData.builder("t").build(), out));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
        assertEquals(List.of("report.html"), AtomicFileTest.names(dir));
        assertEquals(List.of("keep"), AtomicFileTest.names(out));
    }

    @Test
    void anUnwritableLocationFailsWithOneLineAndWritesNothing() throws IOException {
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "x");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> HtmlReport.write(ReportData.builder("t").build(), file.resolve("report.html")));
        assertTrue(e.getMessage().startsWith("cannot write report "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
        assertEquals(List.of("plain-file"), AtomicFileTest.names(dir));
    }
}
