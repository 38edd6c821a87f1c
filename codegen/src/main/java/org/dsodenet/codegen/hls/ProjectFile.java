package org.dsodenet.codegen.hls;

import java.util.Locale;
import java.util.Map;

/**
 * The project file every generated project holds at its top: the options it was generated with, and facts the
 * caller adds (such as a checksum of the network it came from). Its presence marks a directory as an earlier
 * export, which is the only kind of non-empty directory {@code --force} replaces.
 */
public final class ProjectFile {
    /** Its name in the project directory. */
    public static final String NAME = "dsodenet-project.json";

    private ProjectFile() {}

    /** JSON text of the file: the options, then {@code facts} in their iteration order. */
    static String json(HlsOptions opt, Map<String, String> facts) {
        StringBuilder b = new StringBuilder("{\n");
        b.append("  \"top\": ").append(quote(opt.top())).append(",\n");
        b.append("  \"part\": ").append(quote(opt.part().name())).append(",\n");
        b.append("  \"clockNs\": ").append(opt.clockNs()).append(",\n");
        b.append("  \"weights\": ").append(quote(opt.weights().name().toLowerCase(Locale.ROOT))).append(",\n");
        b.append("  \"odeOnly\": ").append(opt.odeOnly());
        for (Map.Entry<String, String> f : facts.entrySet()) {
            b.append(",\n  ").append(quote(f.getKey())).append(": ").append(quote(f.getValue()));
        }
        return b.append("\n}\n").toString();
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
