package com.example.orderservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every file, folder and section that README.md and docs/ link to or name exists. */
class DocumentedPathsTest {

    /** A Markdown link's target: [text](target). */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)\\)");
    /** A repository path in the text: from one of its top-level folders, not part of a URL or longer path. */
    private static final Pattern PATH = Pattern.compile("(?<![\\w./-])((?:src|deploy|docs|bench|\\.ci)/[\\w./*{},-]*)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} +(.+?) *$");

    @Test
    void everyRelativeLinkLeadsToAFileAndSectionThatExist() {
        Set<String> broken = new TreeSet<>();
        int links = 0;
        for (Path doc : Docs.files()) {
            Matcher link = LINK.matcher(Docs.prose(Docs.text(doc)));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue;
                }
                links++;
                String file = target.replaceFirst("#.*", "");
                Path resolved = file.isEmpty() ? doc : doc.resolveSibling(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(doc + ": " + target + " (no " + resolved + ")");
                } else if (target.contains("#") && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(target.substring(target.indexOf('#') + 1))) {
                    broken.add(doc + ": " + target + " (no such section in " + resolved + ")");
                }
            }
        }
        assertTrue(links > 50, "found only " + links + " links: is the pattern right?");
        assertEquals(Set.of(), broken);
    }

    @Test
    void everyRepositoryPathNamedExists() {
        Set<String> missing = new TreeSet<>();
        int paths = 0;
        for (Path doc : Docs.files()) {
            Matcher path = PATH.matcher(Docs.text(doc));
            while (path.find()) {
                String named = path.group(1).replaceAll("[.,]+$", "");
                paths++;
                if (!exists(named)) {
                    missing.add(doc + ": " + named);
                }
            }
        }
        assertTrue(paths > 20, "found only " + paths + " paths: is the pattern right?");
        assertEquals(Set.of(), missing);
    }

    /** A path, or a glob ({@code *}, {@code {a,b}}) that at least one file matches. */
    private static boolean exists(String named) {
        if (!named.matches(".*[*{].*")) {
            return Files.exists(Path.of(named));
        }
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + named.replaceFirst("/$", ""));
        Path root = Path.of(named.substring(0, named.indexOf('/')));
        try (Stream<Path> files = Files.walk(root)) {
            return files.anyMatch(glob::matches);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The anchors GitHub gives a file's headings. */
    private static Set<String> anchors(Path markdown) {
        Set<String> anchors = new TreeSet<>();
        Matcher heading = HEADING.matcher(Docs.prose(Docs.text(markdown)));
        while (heading.find()) {
            anchors.add(heading.group(1).toLowerCase().replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
        }
        return anchors;
    }
}
