package org.dsodenet.codegen.hls;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fixed file of every generated project (Makefile, Tcl and config, testbench main), kept as a real file in
 * hls-templates ({@value HlsTemplates#PROJECT}) with {@code {{name}}} where the generator fills in a value.
 * Filling is strict both ways, so a template and its generator cannot drift apart unnoticed: a placeholder without
 * a value and a value without a placeholder are both errors.
 */
final class ProjectTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");

    private ProjectTemplate() {}

    static String fill(String name, Map<String, String> values) {
        String text = new String(HlsTemplates.bytes(HlsTemplates.PROJECT + "/" + name), StandardCharsets.UTF_8);
        return fill(name, text, values);
    }

    static String fill(String name, String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        Set<String> used = new HashSet<>();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("template " + name + ": no value for {{" + m.group(1) + "}}");
            }
            used.add(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        if (!used.equals(values.keySet())) {
            Set<String> unused = new HashSet<>(values.keySet());
            unused.removeAll(used);
            throw new IllegalStateException("template " + name + ": no placeholder for " + unused);
        }
        return out.toString();
    }
}
