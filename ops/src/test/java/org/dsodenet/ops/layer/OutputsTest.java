package org.dsodenet.ops.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ownership rules of {@link Outputs}: what is handed out twice, when, and what is not. */
class OutputsTest {
    @AfterEach
    void noPoison() {
        Outputs.setPoison(false);
    }

    @Test
    void outsideAScopeEveryArrayIsNewAndZero() {
        float[] a = Outputs.take(8);
        a[3] = 1f;
        float[] b = Outputs.take(8);
        assertNotSame(a, b);
        assertEquals(0f, b[3]);
        assertFalse(Outputs.inScope());
    }

    @Test
    void aScopeNeverHandsOutAnArrayTwiceAndTheNextScopeReusesThem() {
        float[] a;
        float[] b;
        try (Outputs.Scope s = Outputs.open()) {
            assertTrue(Outputs.inScope());
            a = Outputs.take(16);
            b = Outputs.take(16);
            assertNotSame(a, b);
        }
        try (Outputs.Scope s = Outputs.open()) {
            float[] c = Outputs.take(16);
            float[] d = Outputs.take(16);
            float[] e = Outputs.take(16);
            assertTrue((c == a && d == b) || (c == b && d == a), "both arrays of the closed scope come back");
            assertNotSame(a, e);
            assertNotSame(b, e);
            assertEquals(17, Outputs.take(17).length);
        }
    }

    @Test
    void anInnerScopeKeepsItsArraysUntilTheOutermostCloses() {
        try (Outputs.Scope outer = Outputs.open()) {
            float[] inner;
            try (Outputs.Scope s = Outputs.open()) {
                inner = Outputs.take(32);
            }
            assertTrue(Outputs.inScope());
            assertNotSame(inner, Outputs.take(32), "an inner scope's result may still be in use by the outer one");
        }
        assertFalse(Outputs.inScope());
    }

    @Test
    void releaseDropsThePoolButNotWhatAnOpenScopeHolds() {
        float[] a = Outputs.scoped(() -> Outputs.take(24));
        final float[] b;
        try (Outputs.Scope s = Outputs.open()) {
            b = Outputs.take(40);
            Outputs.release();
            assertNotSame(a, Outputs.take(24));
            b[0] = 1f;
            Outputs.scoped(() -> assertNotSame(b, Outputs.take(40)));
        }
        boolean back = Outputs.scoped(() -> {
            float[] c = Outputs.take(40);
            float[] d = Outputs.take(40);
            return c == b || d == b;
        });
        assertTrue(back, "an array the scope held when the pool was dropped returns to the pool when it closes");
    }

    @Test
    void poisonMarksEveryRecycledArray() {
        Outputs.setPoison(true);
        float[] a = Outputs.scoped(() -> {
            float[] t = Outputs.take(4);
            t[0] = 2f;
            return t; // leaked on purpose: the test reads it after its scope closed
        });
        assertTrue(Float.isNaN(a[0]) && Float.isNaN(a[3]));
    }

    @Test
    void zeroedIsZeroEvenOnARecycledArray() {
        Outputs.setPoison(true);
        float[] a = Outputs.scoped(() -> Outputs.take(5));
        float[] z = Outputs.scoped(() -> {
            float[] t = Outputs.zeroed(5);
            assertSame(a, t);
            return t.clone();
        });
        assertEquals(0f, z[0] + z[1] + z[2] + z[3] + z[4]);
    }

    @Test
    void aScopeClosesOnceAndOnItsOwnThread() throws Exception {
        Outputs.Scope s = Outputs.open();
        AtomicReference<Throwable> other = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                s.close();
            } catch (Throwable e) {
                other.set(e);
            }
        });
        t.start();
        t.join();
        assertTrue(other.get() instanceof IllegalStateException);
        s.close();
        assertFalse(Outputs.inScope());
        assertThrows(IllegalStateException.class, s::close);
        assertFalse(Outputs.inScope());
    }
}
