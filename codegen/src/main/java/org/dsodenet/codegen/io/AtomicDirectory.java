package org.dsodenet.codegen.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;

/**
 * Builds a directory tree next to its destination and moves it into place at the end, so a failed export never
 * leaves a half-written project. Relative file names are checked to stay inside the tree. Directories and files get
 * the modes the umask gives, like those of any other tool.
 */
public final class AtomicDirectory implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final PosixFilePermission[][] READ_EXECUTE = {
        {PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_EXECUTE},
        {PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE},
        {PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE},
    };

    private final Path target;
    private final Path staging;
    private boolean committed;

    private AtomicDirectory(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    /**
     * Starts a tree for {@code target}. An existing directory is replaced only as {@code policy} allows, and then
     * only when the new tree is complete.
     */
    public static AtomicDirectory create(Path target, ReplacePolicy policy) {
        policy.check(target);
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        try {
            Files.createDirectories(parent);
            // Not Files.createTempDirectory: it is owner-only whatever the umask, and the project keeps that mode.
            Path staging = parent.resolve("." + abs.getFileName() + ".tmp" + Long.toHexString(RANDOM.nextLong()));
            return new AtomicDirectory(abs, Files.createDirectory(staging));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + target + ": " + e.getMessage(), e);
        }
    }

    /** Resolves a relative name inside the tree; names that would escape it are refused. */
    public Path resolve(String relative) {
        Path p = staging.resolve(relative).normalize();
        if (relative.isEmpty() || Path.of(relative).isAbsolute() || !p.startsWith(staging) || p.equals(staging)) {
            throw new IllegalArgumentException("unsafe path in project: " + relative);
        }
        return p;
    }

    public void writeString(String relative, String text) {
        writeBytes(relative, text.getBytes(StandardCharsets.UTF_8));
    }

    public void writeBytes(String relative, byte[] bytes) {
        Path p = resolve(relative);
        try {
            Files.createDirectories(p.getParent());
            Files.write(p, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + relative + ": " + e.getMessage(), e);
        }
    }

    /** Adds execute permission wherever the file is readable, as the umask would give an executable. */
    public void makeExecutable(String relative) {
        Path p = resolve(relative);
        try {
            Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(p));
            for (PosixFilePermission[] readExec : READ_EXECUTE) {
                if (perms.contains(readExec[0])) {
                    perms.add(readExec[1]);
                }
            }
            Files.setPosixFilePermissions(p, perms);
        } catch (UnsupportedOperationException e) {
            p.toFile().setExecutable(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + relative + " executable: " + e.getMessage(), e);
        }
    }

    /** Moves the finished tree into place (replacing an old one when allowed at creation). */
    public Path commit() {
        try {
            if (Files.exists(target)) {
                Path old = target.resolveSibling("." + target.getFileName() + ".old" + System.nanoTime());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            } else {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            }
            committed = true;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the project into " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (!committed) {
            deleteTree(staging);
        }
    }

    /** Deletes a tree without following symbolic links out of it. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }
}
