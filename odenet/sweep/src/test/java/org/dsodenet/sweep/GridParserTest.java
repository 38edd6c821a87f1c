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
        assertTrue(error("{\"product\": {\"bits\": [8]}}").contains("unknown key 'bits' (known: arch,"));
        assertTrue(error("{\"fixed\": {\"epoch\": 1}, \"cells\": [{}]}").startsWith("\"fixed\": unknown key 'epoch'"));
        assertTrue(error("{\"cells\": [{\"sead\": 1}]}").startsWith("cells[0]: unknown key 'sead'"));
        assertTrue(error("{\"grid\": {}}").startsWith("unknown top-level key 'grid'"));
    }

    @Test
    void anEmptyProductOrNoCellsIsRefused() {
        assertEquals("empty product: axis 'seed' has no values",
                error("{\"product\": {\"arch\": [\"dsodenet\"], \"seed\": []}}"));
        assertTrue(error("{\"fixed\": {\"epochs\": 1}}").startsWith("the grid has no cells"));
        assertTrue(error("{\"cells\": []}").startsWith("the grid has no cells"));
    }

    @Test
    void badValuesAreRefusedWithTheCliParsersMessages() {
        assertTrue(error("{\"product\": {\"precision\": [\"fx16\", \"fx7x\"]}}").startsWith("cell 2: precision 'fx7x': "));
        assertTrue(error("{\"cells\": [{\"precision\": \"fx8\", \"layerPrecision\": \"nonsense\"}]}")
                .startsWith("cell 1: precision 'fx8': "));
        assertTrue(error("{\"cells\": [{\"arch\": \"lenet\"}]}").startsWith("cell 1: arch 'lenet': "));
        assertTrue(error("{\"cells\": [{\"method\": \"magic\"}]}").contains("unknown method 'magic'"));
        assertTrue(error("{\"cells\": [{\"channels\": [8, 16]}]}").contains("three stages"));
        assertTrue(error("{\"cells\": [{\"epochs\": 0}]}").contains("at least 1"));
        assertTrue(error("{\"cells\": [{\"lr\": -1}]}").contains("more than 0"));
        assertTrue(error("{\"cells\": [{\"seed\": 1.5}]}").contains("not a whole number"));
        assertTrue(error("{\"cells\": [{\"source\": \"/no/such/data\"}]}").contains("neither a bundled data set"));
        assertTrue(error("{\"cells\": [{\"part\": \"nope\"}]}").startsWith("cell 1: part 'nope': "));
        assertTrue(error("{\"cells\": [{\"seed\": true}]}").contains("must be a string or a number"));
    }

    @Test
    void malformedJsonAndRepeatedCellsAreRefused() {
        assertTrue(error("{\"cells\": [{}").startsWith("not JSON"));
        assertTrue(error("{\"cells\": [{}]} x").startsWith("not JSON"));
        assertTrue(error("[1]").contains("must be a JSON object"));
        assertTrue(error("{\"product\": {\"seed\": [1]}, \"cells\": [{\"seed\": 1}]}").contains("are the same point"));
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
