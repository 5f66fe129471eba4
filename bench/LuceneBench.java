// Lucene + Kuromoji row of the benchmark (compiled with javac by bench/run.sh).
//   index   TSV DIR         index peers.tsv (id, departments joined by |, text) with JapaneseAnalyzer
//   compact DIR             forceMerge(1), the counterpart of xapian-compact
//   query   DIR QUERIES FACETS OUT
//                           run every query twice in one JVM (the first pass warms the JIT and the
//                           page cache), write the second pass's per-query milliseconds to OUT;
//                           FACETS=1 also counts departments over all matches (exact counts).
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.ja.JapaneseAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;

public class LuceneBench {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "index": index(args[1], args[2]); break;
            case "compact": compact(args[1]); break;
            case "query": query(args[1], args[2], args[3].equals("1"), args[4]); break;
            default: throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    static FacetsConfig facetsConfig() {
        FacetsConfig config = new FacetsConfig();
        config.setMultiValued("department", true);
        return config;
    }

    static void index(String tsv, String dir) throws Exception {
        IndexWriterConfig iwc = new IndexWriterConfig(new JapaneseAnalyzer());
        iwc.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        iwc.setRAMBufferSizeMB(64);
        FacetsConfig config = facetsConfig();
        long n = 0;
        try (IndexWriter w = new IndexWriter(FSDirectory.open(Paths.get(dir)), iwc);
             BufferedReader in = Files.newBufferedReader(Paths.get(tsv), StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split("\t", 3);
                Document doc = new Document();
                doc.add(new StringField("id", f[0], Field.Store.YES));
                for (String d : f[1].split("\\|")) {
                    if (!d.isEmpty()) doc.add(new SortedSetDocValuesFacetField("department", d));
                }
                doc.add(new TextField("body", f.length > 2 ? f[2] : "", Field.Store.NO));
                w.addDocument(config.build(doc));
                ++n;
            }
            w.commit();
        }
        System.err.println("lucene: indexed " + n + " records");
    }

    static void compact(String dir) throws Exception {
        IndexWriterConfig iwc = new IndexWriterConfig(new JapaneseAnalyzer());
        try (IndexWriter w = new IndexWriter(FSDirectory.open(Paths.get(dir)), iwc)) {
            w.forceMerge(1);
            w.commit();
        }
    }

    /** plan-search syntax (words = AND, "..." = phrase) to Lucene's classic syntax, escaped. */
    static String toLucene(String q) {
        StringBuilder out = new StringBuilder();
        for (String part : q.trim().split("\\s+")) {
            if (part.isEmpty()) continue;
            boolean phrase = part.length() > 2 && part.startsWith("\"") && part.endsWith("\"");
            String word = phrase ? part.substring(1, part.length() - 1) : part;
            if (out.length() > 0) out.append(' ');
            out.append(phrase ? "\"" + QueryParser.escape(word) + "\"" : QueryParser.escape(word));
        }
        return out.toString();
    }

    static void query(String dir, String queries, boolean facets, String outFile) throws Exception {
        List<String> lines = Files.readAllLines(Paths.get(queries), StandardCharsets.UTF_8);
        Analyzer analyzer = new JapaneseAnalyzer();
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(Paths.get(dir)))) {
            IndexSearcher searcher = new IndexSearcher(reader);
            DefaultSortedSetDocValuesReaderState state = facets
                ? new DefaultSortedSetDocValuesReaderState(reader) : null;
            FacetsConfig config = facetsConfig();
            List<Double> ms = new ArrayList<>();
            long totalHits = 0;
            for (int pass = 0; pass < 2; ++pass) {
                ms.clear();
                totalHits = 0;
                for (String line : lines) {
                    long t0 = System.nanoTime();
                    QueryParser parser = new QueryParser("body", analyzer);
                    parser.setDefaultOperator(QueryParser.Operator.AND);
                    Query q = parser.parse(toLucene(line));
                    TopDocs top;
                    if (facets) {
                        FacetsCollector fc = new FacetsCollector();
                        top = FacetsCollector.search(searcher, q, 10, fc);
                        FacetResult r = new SortedSetDocValuesFacetCounts(state, fc)
                            .getTopChildren(10, "department");
                        if (r != null) totalHits += r.childCount;
                    } else {
                        top = searcher.search(q, 10);
                    }
                    for (int i = 0; i < top.scoreDocs.length; ++i) {
                        searcher.doc(top.scoreDocs[i].doc).get("id");  // fetch ids like a caller would
                    }
                    totalHits += top.totalHits.value;
                    ms.add((System.nanoTime() - t0) / 1e6);
                }
            }
            try (PrintWriter pw = new PrintWriter(outFile, "UTF-8")) {
                for (double v : ms) pw.println(v);
            }
            System.err.println("lucene: " + lines.size() + " queries, hits " + totalHits);
        }
    }
}
