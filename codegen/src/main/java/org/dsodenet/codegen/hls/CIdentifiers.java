package org.dsodenet.codegen.hls;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns names from the user's model into C identifiers that cannot collide with each other, with C/C++ keywords, or
 * with the names the generator itself uses (which all contain a double underscore-free suffix such as {@code _out}).
 */
public final class CIdentifiers {
    private static final Pattern SAFE_TOP = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");
    private static final Set<String> RESERVED = Set.of(
            "alignas", "alignof", "and", "asm", "auto", "bool", "break", "case", "catch", "char", "class", "const",
            "constexpr", "continue", "default", "delete", "do", "double", "else", "enum", "explicit", "export",
            "extern", "false", "float", "for", "friend", "goto", "if", "inline", "int", "long", "main", "mutable",
            "namespace", "new", "noexcept", "not", "nullptr", "operator", "or", "private", "protected", "public",
            "register", "return", "short", "signed", "sizeof", "static", "struct", "switch", "template", "this",
            "throw", "true", "try", "typedef", "typename", "union", "unsigned", "using", "virtual", "void",
            "volatile", "while", "xor", "dsodenet", "dsodenet_tb", "input", "output", "params", "std");

    private final Map<String, String> assigned = new HashMap<>();
    private final Set<String> used = new HashSet<>();

    /** The identifier for a model name; the same name always maps to the same identifier. */
    public String of(String name) {
        return assigned.computeIfAbsent(name, n -> {
            String base = sanitize(n);
            String id = base;
            for (int i = 2; used.contains(id.toLowerCase(Locale.ROOT)); i++) {
                id = base + "_" + i;
            }
            used.add(id.toLowerCase(Locale.ROOT));
            return id;
        });
    }

    static String sanitize(String name) {
        StringBuilder sb = new StringBuilder();
        for (char ch : name.toCharArray()) {
            boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
            sb.append(ok ? ch : '_');
        }
        String s = sb.toString().replaceAll("_+", "_").replaceAll("^_|_$", "");
        if (s.isEmpty() || Character.isDigit(s.charAt(0)) || RESERVED.contains(s.toLowerCase(Locale.ROOT))) {
            s = "l_" + s;
        }
        return s.length() > 48 ? s.substring(0, 48) : s;
    }

    /** Checks a user-chosen top-function or project name: it must already be a plain C identifier. */
    public static String requireTopName(String name) {
        if (name == null || !SAFE_TOP.matcher(name).matches() || RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("top-function name must be a C identifier (letter, then letters, digits "
                    + "or _; not a keyword), got '" + name + "'");
        }
        return name;
    }
}
