package org.dsodenet.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GridParserTest {
    private static String error(String json) {
        return assertThrows(IllegalArgumentException.class, () -> GridParser.parse(json)).getMessage();
    }

    /** The message is shown in the failure, so that a changed wording is seen at once. */
    private static void refusedStartingWith(String json, String prefix) {
        String message = error(json);
        assertTrue(message.startsWith(prefix), message);
    }

    private static void refusedMentioning(String json, String part) {
        String message = error(json);
        assertTrue(message.contains(part), message);
    }

    @Test
    void productIsCartesianWithTheLastAxisFastestThenTheExplicitCells() {
        List<CellSpec> c = GridParser.parse("""
                {"fixed": {"epochs": 1},
                 "product": {"arch": ["dsodenet", "odenet"], "seed": [1, 2, 3]},
                 "cells": [{"arch": "resnet", "precision": "mixed"}]}""");
        assertEquals(7, c.size());
        assertEquals(List.of("dsodenet", "dsodenet", "dsodenet", "odenet", "odenet", "odenet", "resnet"),
                c.stream().map(s -> s.get("arch")).toList());
        assertEquals(List.of("1", "2", "3", "1", "2", "3"), c.subList(0, 6).stream().map(s -> s.get("seed")).toList());
        c.forEach(s -> assertEquals("1", s.get("epochs")));
        assertEquals("mixed", c.get(6).get("precision"));
    }

    @Test
    void listsBecomeCommandLineValuesAndDomainsSetSourceAndTarget() {
        List<CellSpec> c = GridParser.parse("""
                {"product": {"channels": [[4, 8, 16]], "layerPrecision": [["pre.*=16,16,16", "fc=fx16"]],
                             "domains": [{"source": "mnist", "target": "uci-digits"},
                                         {"source": "uci-digits", "target": "mnist"}]}}""");
        assertEquals(2, c.size());
        assertEquals("4,8,16", c.get(0).get("channels"));
        assertEquals(List.of("pre.*=16,16,16", "fc=fx16"), c.get(0).layerPrecision());
        assertEquals(List.of("mnist", "uci-digits"), List.of(c.get(0).get("source"), c.get(0).get("target")));
        assertEquals(List.of("uci-digits", "mnist"), List.of(c.get(1).get("source"), c.get(1).get("target")));
    }

    @Test
    void unknownKeysAreNamedWithTheKnownOnes() {
        refusedMentioning("{\"product\": {\"bits\": [8]}}", "unknown key 'bits' (known: arch,");
        refusedStartingWith("{\"fixed\": {\"epoch\": 1}, \"cells\": [{}]}", "\"fixed\": unknown key 'epoch'");
        refusedStartingWith("{\"cells\": [{\"sead\": 1}]}", "cells[0]: unknown key 'sead'");
        refusedStartingWith("{\"grid\": {}}", "unknown top-level key 'grid'");
    }

    @Test
    void anEmptyProductOrNoCellsIsRefused() {
        assertEquals("empty product: axis 'seed' has no values",
                error("{\"product\": {\"arch\": [\"dsodenet\"], \"seed\": []}}"));
        refusedStartingWith("{\"fixed\": {\"epochs\": 1}}", "the grid has no cells");
        refusedStartingWith("{\"cells\": []}", "the grid has no cells");
    }

    @Test
    void badValuesAreRefusedWithTheCliParsersMessages() {
        refusedStartingWith("{\"product\": {\"precision\": [\"fx16\", \"fx7x\"]}}", "cell 2: precision 'fx7x': ");
        refusedStartingWith("{\"cells\": [{\"precision\": \"fx8\", \"layerPrecision\": \"nonsense\"}]}",
                "cell 1: precision 'fx8': ");
        refusedStartingWith("{\"cells\": [{\"arch\": \"lenet\"}]}", "cell 1: arch 'lenet': ");
        refusedMentioning("{\"cells\": [{\"method\": \"magic\"}]}", "unknown method 'magic'");
        refusedMentioning("{\"cells\": [{\"channels\": [8, 16]}]}", "three stages");
        refusedMentioning("{\"cells\": [{\"epochs\": 0}]}", "at least 1");
        refusedMentioning("{\"cells\": [{\"lr\": -1}]}", "more than 0");
        refusedMentioning("{\"cells\": [{\"seed\": 1.5}]}", "not a whole number");
        refusedMentioning("{\"cells\": [{\"source\": \"/no/such/data\"}]}", "neither a bundled data set");
        refusedStartingWith("{\"cells\": [{\"part\": \"nope\"}]}", "cell 1: part 'nope': ");
        refusedMentioning("{\"cells\": [{\"seed\": true}]}", "must be a string or a number");
    }

    @Test
    void malformedJsonAndRepeatedCellsAreRefused() {
        refusedStartingWith("{\"cells\": [{}", "not JSON");
        refusedStartingWith("{\"cells\": [{}]} x", "not JSON");
        refusedMentioning("[1]", "must be a JSON object");
        refusedMentioning("{\"product\": {\"seed\": [1]}, \"cells\": [{\"seed\": 1}]}", "are the same point");
    }

    @Test
    void aCellsIdDependsOnItsValuesOnly() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("arch", "odenet");
        a.put("seed", "2");
        Map<String, String> b = new LinkedHashMap<>();
        b.put("seed", "2");
        b.put("arch", "odenet");
        assertEquals(new CellSpec(a).id(), new CellSpec(b).id());
        assertTrue(new CellSpec(a).id().startsWith("odenet-fx16-s2-"));
        b.put("precision", "fx16");
        assertNotEquals(new CellSpec(a).id(), new CellSpec(b).id(), "a value given explicitly is a different cell");
    }
}
