/*
 * The Java side of benchmarks/batch_bench.py: the same stylesheets and XML Schemas as
 * einvoice-cli, run by Java Saxon-HE (s9api) in one JVM, the engine of the official KoSIT
 * validator. Each document is read, checked against its XML Schema (JAXP, the JDK's Xerces),
 * built into a Saxon tree once and, when schema-valid, transformed by each stylesheet of its
 * scenario in order; the SVRL is serialised to a string, as einvoice-cli does. Stylesheets and
 * schemas are compiled on first use of a scenario, as einvoice-cli's rule engine does.
 *
 *   java -cp Saxon-HE.jar:DIR SaxonBatch SCENARIOS.tsv DOCUMENTS.txt
 *
 * SCENARIOS.tsv: one line per document root, tab-separated: namespace URI, local name, XSD
 * path, then the XSLT paths in order. DOCUMENTS.txt: one path per line (repeats allowed).
 * Prints key=value lines: jvm_start_ms (JVM start to main), compile_ms (schemas and
 * stylesheets), documents, schema_invalid, findings (failed asserts and successful reports: a
 * checksum of the work done),
 * total_ms (main to end), per_document_ms (median of the last half of the documents: warm).
 */

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import net.sf.saxon.s9api.DocumentBuilder;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.Serializer;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.Xslt30Transformer;
import net.sf.saxon.s9api.XsltCompiler;
import net.sf.saxon.s9api.XsltExecutable;

import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

public final class SaxonBatch {

    /** The rules of one document root, compiled on first use. */
    private static final class Scenario {
        final Path xsd;
        final List<Path> xslt;
        Validator validator;
        List<XsltExecutable> executables;

        Scenario(Path xsd, List<Path> xslt) {
            this.xsd = xsd;
            this.xslt = xslt;
        }
    }

    /** Counts schema errors; the document is invalid when there is one. */
    private static final class Counter implements ErrorHandler {
        int errors;

        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) {
            errors++;
        }

        @Override
        public void fatalError(SAXParseException e) {
            errors++;
        }
    }

    private final Processor processor = new Processor(false);
    private final XsltCompiler compiler = processor.newXsltCompiler();
    private final DocumentBuilder builder = processor.newDocumentBuilder();
    private final SchemaFactory schemas = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    private final XMLInputFactory staxFactory = XMLInputFactory.newInstance();
    private final Map<String, Scenario> scenarios = new HashMap<>();
    private long compileNanos;

    private Scenario prepared(String root) throws Exception {
        Scenario scenario = scenarios.get(root);
        if (scenario == null) {
            throw new IllegalArgumentException("no scenario for the root element " + root);
        }
        if (scenario.executables == null) {
            long start = System.nanoTime();
            Schema schema = schemas.newSchema(scenario.xsd.toFile());
            scenario.validator = schema.newValidator();
            scenario.executables = new ArrayList<>();
            for (Path path : scenario.xslt) {
                scenario.executables.add(compiler.compile(new StreamSource(path.toFile())));
            }
            compileNanos += System.nanoTime() - start;
        }
        return scenario;
    }

    private String rootOf(byte[] data) throws Exception {
        XMLStreamReader reader = staxFactory.createXMLStreamReader(new ByteArrayInputStream(data));
        try {
            while (reader.next() != XMLStreamConstants.START_ELEMENT) {
                // skip the prolog
            }
            return "{" + reader.getNamespaceURI() + "}" + reader.getLocalName();
        } finally {
            reader.close();
        }
    }

    /** Validates one document; returns its SVRL findings, or -1 when it is schema-invalid. */
    private int validate(Path path) throws Exception {
        byte[] data = Files.readAllBytes(path);
        Scenario scenario = prepared(rootOf(data));
        Counter counter = new Counter();
        scenario.validator.setErrorHandler(counter);
        scenario.validator.validate(new StreamSource(new ByteArrayInputStream(data)));
        if (counter.errors > 0) {
            return -1;
        }
        XdmNode document = builder.build(new StreamSource(new ByteArrayInputStream(data)));
        int findings = 0;
        for (XsltExecutable executable : scenario.executables) {
            Xslt30Transformer transformer = executable.load30();
            transformer.setGlobalContextItem(document);
            StringWriter svrl = new StringWriter();
            Serializer serializer = processor.newSerializer(svrl);
            transformer.applyTemplates(document, serializer);
            String output = svrl.toString();
            findings += count(output, "<svrl:failed-assert") + count(output, "<svrl:successful-report");
        }
        return findings;
    }

    private static int count(String text, String word) {
        int found = 0;
        for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
            found++;
        }
        return found;
    }

    private void readScenarios(Path table) throws IOException {
        for (String line : Files.readAllLines(table, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t");
            List<Path> xslt = new ArrayList<>();
            for (String cell : Arrays.copyOfRange(cells, 3, cells.length)) {
                xslt.add(Paths.get(cell));
            }
            scenarios.put("{" + cells[0] + "}" + cells[1], new Scenario(Paths.get(cells[2]), xslt));
        }
    }

    public static void main(String[] args) throws Exception {
        long mainStart = System.nanoTime();
        long jvmStartMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        if (args.length != 2) {
            System.err.println("usage: SaxonBatch SCENARIOS.tsv DOCUMENTS.txt");
            System.exit(2);
        }
        SaxonBatch batch = new SaxonBatch();
        batch.readScenarios(Paths.get(args[0]));
        List<Path> documents = new ArrayList<>();
        for (String line : Files.readAllLines(Paths.get(args[1]), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                documents.add(Paths.get(line));
            }
        }
        long[] times = new long[documents.size()];
        int invalid = 0;
        long findings = 0;
        for (int i = 0; i < documents.size(); i++) {
            long start = System.nanoTime();
            int result = batch.validate(documents.get(i));
            times[i] = System.nanoTime() - start;
            if (result < 0) {
                invalid++;
            } else {
                findings += result;
            }
        }
        long total = System.nanoTime() - mainStart;
        long[] warm = Arrays.copyOfRange(times, times.length / 2, times.length);
        Arrays.sort(warm);
        double perDocument = warm.length == 0 ? 0 : warm[warm.length / 2] / 1e6;
        System.out.println("saxon=" + batch.processor.getSaxonProductVersion());
        System.out.println("java=" + System.getProperty("java.version"));
        System.out.println("jvm_start_ms=" + jvmStartMillis);
        System.out.printf("compile_ms=%.1f%n", batch.compileNanos / 1e6);
        System.out.println("documents=" + documents.size());
        System.out.println("schema_invalid=" + invalid);
        System.out.println("findings=" + findings);
        System.out.printf("total_ms=%.1f%n", total / 1e6);
        System.out.printf("per_document_ms=%.2f%n", perDocument);
    }
}
