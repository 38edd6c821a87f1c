package org.dsodenet.sweep;

import java.util.ArrayList;
import java.util.List;

/** POSIX shell quoting, so a row's command line can be pasted into a shell as it is. */
public final class ShellQuote {
    private ShellQuote() {}

    public static String quote(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_./:,=@%+-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Splits a line that {@link #quote} made back into words (single quotes and spaces only). */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
                inWord = true;
            } else if (ch == '\\' && !quoted && i + 1 < line.length()) {
                w.append(line.charAt(++i));
                inWord = true;
            } else if (ch == ' ' && !quoted) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(ch);
                inWord = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unbalanced quote in: " + line);
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }
}
