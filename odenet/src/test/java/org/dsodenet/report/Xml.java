package org.dsodenet.report;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/** Strict XML parsing of rendered pages and charts, and DOM look-ups for the tests. */
final class Xml {
    private static final DocumentBuilderFactory FACTORY = factory();

    private Xml() {}

    private static DocumentBuilderFactory factory() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return f;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses {@code text}; any well-formedness error fails with the parser's message. */
    static Document parse(String text) {
        try {
            DocumentBuilder db = FACTORY.newDocumentBuilder();
            // The default handler prints to stderr and goes on; errors must fail the test instead.
            db.setErrorHandler(new DefaultHandler() {
                @Override
                public void error(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return db.parse(new InputSource(new StringReader(text)));
        } catch (ParserConfigurationException | IOException e) {
            throw new IllegalStateException(e);
        } catch (SAXException e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage(), e);
        }
    }

    static List<Element> elements(Node root, String localName) {
        NodeList nl = root instanceof Document d ? d.getElementsByTagNameNS("*", localName)
                : ((Element) root).getElementsByTagNameNS("*", localName);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nl.getLength(); i++) {
            out.add((Element) nl.item(i));
        }
        return out;
    }

    static List<String> texts(Node root, String localName) {
        return elements(root, localName).stream().map(Node::getTextContent).toList();
    }

    static List<Element> withClass(Node root, String localName, String cls) {
        return elements(root, localName).stream()
                .filter(e -> List.of(e.getAttribute("class").split(" ")).contains(cls)).toList();
    }

    /** The first element sibling after the h2 whose text is {@code heading} and whose name is {@code localName}. */
    static Element after(Document doc, String heading, String localName) {
        for (Element h : elements(doc, "h2")) {
            if (h.getTextContent().equals(heading)) {
                for (Node n = h.getNextSibling(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element e) {
                        if (e.getLocalName().equals("h2")) {
                            break;
                        }
                        if (e.getLocalName().equals(localName)) {
                            return e;
                        }
                    }
                }
            }
        }
        throw new AssertionError("no " + localName + " after heading '" + heading + "'");
    }

    /** Cell texts of the rows in one section (thead, tbody or tfoot) of a table. */
    static List<List<String>> rows(Element table, String section) {
        List<List<String>> out = new ArrayList<>();
        for (Element s : elements(table, section)) {
            for (Element tr : elements(s, "tr")) {
                List<String> cells = new ArrayList<>();
                for (Node n = tr.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element e && (e.getLocalName().equals("td") || e.getLocalName().equals("th"))) {
                        cells.add(e.getTextContent());
                    }
                }
                out.add(cells);
            }
        }
        return out;
    }
}
