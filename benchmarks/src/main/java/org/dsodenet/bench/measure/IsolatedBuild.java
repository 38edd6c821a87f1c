package org.dsodenet.bench.measure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * One build's jar in a class loader of its own, so several builds run side by side in one JVM, with one class of this
 * build (and its nested classes) defined on top of the jar's: the driver the comparison runs, which then works
 * against jars of commits from before it existed too.
 */
final class IsolatedBuild extends URLClassLoader {
    private final Class<?> own;

    IsolatedBuild(String jar, Class<?> own) throws IOException {
        super(new URL[] {Path.of(jar).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        this.own = own;
    }

    /** A new instance of this build's class {@code own}, defined in this loader (public no-argument constructor). */
    Object driver() throws ReflectiveOperationException {
        return loadClass(own.getName()).getConstructor().newInstance();
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        String mine = own.getName();
        if (!name.equals(mine) && !name.startsWith(mine + "$")) {
            return super.findClass(name);
        }
        String file = name.substring(name.lastIndexOf('.') + 1) + ".class";
        try (InputStream in = own.getResourceAsStream(file)) {
            byte[] b = in.readAllBytes();
            return defineClass(name, b, 0, b.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
