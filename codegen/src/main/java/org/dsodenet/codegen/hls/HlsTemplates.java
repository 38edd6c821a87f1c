package org.dsodenet.codegen.hls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The hand-written files that ship in the hls-templates jar: kernel headers ({@code hls/include/dsodenet}), the host
 * model of ap_fixed ({@code hls/host}) and the testbench support ({@code hls/tb}), copied as they are; each of these
 * folders lists its files in an INDEX file, because a jar cannot be listed portably. {@code hls/project} holds the
 * templates of a project's fixed files, read by name through {@link ProjectTemplate}.
 */
public final class HlsTemplates {
    public static final String KERNELS = "hls/include/dsodenet";
    public static final String HOST = "hls/host";
    public static final String TB = "hls/tb";
    public static final String PROJECT = "hls/project";

    private HlsTemplates() {}

    public static List<String> list(String folder) {
        String index = new String(bytes(folder + "/INDEX"), StandardCharsets.UTF_8);
        return index.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    public static byte[] bytes(String resource) {
        try (InputStream in = HlsTemplates.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing template resource " + resource + " (hls-templates jar not on the classpath?)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + resource, e);
        }
    }
}
