package com.example.orderservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The documentation: README.md and docs/*.md, as a reader (and GitHub) sees them. */
public final class Docs {

    private Docs() {
    }

    /** README.md and every file of docs/. */
    public static List<Path> files() {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    public static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text without its fenced code blocks: what Markdown renders as prose, links and headings. */
    public static String prose(String text) {
        return text.replaceAll("(?ms)^```.*?^```[ \\t]*$", "");
    }
}
