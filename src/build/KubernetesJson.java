import java.io.File;
import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Writes the documents of a multi-document YAML file as one JSON array, the form of Quarkus' kubernetes.json. Arguments:
 * the YAML file, the JSON file to write. The package step (pom.xml) runs it from source once it has finished
 * kubernetes.yml.
 */
public final class KubernetesJson {

    public static void main(String[] args) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (var documents = yaml.readerFor(JsonNode.class).<JsonNode>readValues(new File(args[0]))) {
            List<JsonNode> resources = documents.readAll().stream().filter(d -> !d.isNull()).toList();
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(new File(args[1]), resources);
        }
    }
}
