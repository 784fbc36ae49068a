package com.example.orderservice.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import com.example.orderservice.ExternalProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A YAML file as PyYAML's {@code safe_load} reads it (YAML 1.1, Debian's python3-yaml): the parser of Ansible's
 * kubernetes modules and most CI scripts, stricter than the YAML 1.2 parsers of kubectl and Jackson about plain
 * scalars such as {@code =}, {@code yes} or dates.
 */
public final class PyYaml {

    private static final String SCRIPT = """
            import json, sys
            try:
                import yaml
            except ImportError:
                sys.exit("PyYAML is missing: install Debian's python3-yaml")
            with open(sys.argv[1]) as f:
                json.dump([d for d in yaml.safe_load_all(f) if d is not None], sys.stdout)
            """;

    private PyYaml() {
    }

    /** The non-empty documents of the file, as a JSON array; fails with PyYAML's error when it refuses the file. */
    public static JsonNode safeLoadAll(Path file) {
        ExternalProcess.Result result = ExternalProcess.run(Path.of("").toAbsolutePath(), "python3", "-c", SCRIPT,
                file.toAbsolutePath().toString());
        if (result.exitCode() != 0) {
            throw new AssertionError("PyYAML's safe_load refuses " + file + ":\n" + result.output());
        }
        try {
            return new ObjectMapper().readTree(result.output());
        } catch (IOException e) {
            throw new UncheckedIOException(result.output(), e);
        }
    }

    /** Where two readings of the same YAML first differ (a JSON path), or null when they are equal. */
    public static String firstDifference(String path, JsonNode a, JsonNode b) {
        if (a.isContainerNode() && a.getNodeType() == b.getNodeType()) {
            if (a.size() != b.size()) {
                return path + " (" + a.size() + " vs " + b.size() + " entries)";
            }
            if (a.isArray()) {
                for (int i = 0; i < a.size(); i++) {
                    String difference = firstDifference(path + "[" + i + "]", a.get(i), b.get(i));
                    if (difference != null) {
                        return difference;
                    }
                }
                return null;
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = a.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String difference = firstDifference(path + "." + field.getKey(), field.getValue(),
                        b.path(field.getKey()));
                if (difference != null) {
                    return difference;
                }
            }
            return null;
        }
        return a.equals(b) ? null : path + ": " + a + " vs " + b;
    }
}
