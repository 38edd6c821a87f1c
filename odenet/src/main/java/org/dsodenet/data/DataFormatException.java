package org.dsodenet.data;

import java.nio.file.Path;

/**
 * A dataset file or folder that is missing or cannot be read as what it claims to be. The message is one line and
 * always starts with the file (or bundled name) it is about, so a user can act on it without a stack trace.
 */
public final class DataFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public DataFormatException(String source, String reason) {
        super(source + ": " + reason);
    }

    public DataFormatException(Path file, String reason) {
        this(String.valueOf(file), reason);
    }

    public DataFormatException(Path file, String reason, Throwable cause) {
        this(String.valueOf(file), reason, cause);
    }

    public DataFormatException(String source, String reason, Throwable cause) {
        super(source + ": " + reason, cause);
    }
}
