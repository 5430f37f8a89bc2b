package dev.eddy.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Terraform files as Jackson trees, parsed by HashiCorp's HCL parser (npm @cdktn/hcl2json) through
 * tools/terraform-check/hcl2json.js, for contract tests between the code and the Terraform.
 *
 * <p>The shape is hcl2json's: {@code resource -> type -> name -> [body]}; a block is an array of
 * bodies, {@code x = {...}} is an object; literals are JSON values; any other expression is its
 * source text in {@code "${...}"}.
 */
final class HclJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HclJson() {
    }

    /** One .tf file, e.g. {@code HclJson.parse(Repository.terraform().resolve("modules/lambda/main.tf"))}. */
    static JsonNode parse(Path tfFile) {
        return parseAll(List.of(tfFile)).get(tfFile);
    }

    /** Every .tf file of one module directory, by path, in name order. */
    static Map<Path, JsonNode> parseModule(Path moduleDir) {
        try (Stream<Path> files = Files.list(moduleDir)) {
            return parseAll(files.filter(f -> f.getFileName().toString().endsWith(".tf")).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + moduleDir, e);
        }
    }

    static Map<Path, JsonNode> parseAll(List<Path> tfFiles) {
        List<String> arguments = tfFiles.stream().map(f -> f.toAbsolutePath().toString()).toList();
        NodeScript.Result result = NodeScript.run("tools/terraform-check/hcl2json.js", arguments);
        if (result.exitCode() != 0) {
            throw new IllegalArgumentException("cannot parse " + tfFiles + ":\n" + result.output());
        }
        try {
            JsonNode all = MAPPER.readTree(result.stdout());
            Map<Path, JsonNode> byFile = new LinkedHashMap<>();
            for (int i = 0; i < tfFiles.size(); i++) {
                byFile.put(tfFiles.get(i), all.get(arguments.get(i)));
            }
            return byFile;
        } catch (IOException e) {
            throw new UncheckedIOException("hcl2json printed no JSON for " + tfFiles, e);
        }
    }
}
