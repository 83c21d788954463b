package dev.xmppd.core.config;

import dev.xmppd.core.config.ConfigNode.Entry;
import dev.xmppd.core.config.ConfigNode.Mapping;
import dev.xmppd.core.config.ConfigNode.Scalar;
import dev.xmppd.core.config.ConfigNode.Sequence;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML into a {@link ConfigNode} tree. SnakeYAML only composes the node graph (every node keeps its start
 * mark); nothing is constructed by reflection.
 */
final class YamlTree {
    /** Deeper than any configuration needs; also stops recursive aliases ({@code &a [*a]}). */
    private static final int MAX_DEPTH = 32;

    private final Function<Mark, String> origin;

    private YamlTree(Function<Mark, String> origin) {
        this.origin = origin;
    }

    /**
     * Reads the configuration file; an empty file is an empty mapping.
     *
     * @param source the file name as shown in messages, e.g. {@code conf/xmppd.yml}
     */
    static ConfigNode readFile(Reader reader, String source) {
        YamlTree tree = new YamlTree(mark -> source + ':' + (mark.getLine() + 1));
        Node root = tree.compose(reader);
        if (root == null) {
            return ConfigNode.emptyRoot(source + ":1");
        }
        return tree.convert(root, "", 0);
    }

    /**
     * Reads the value of an override: every node gets {@code source} as its origin.
     *
     * @param path the key path the value is for, used in messages
     */
    static ConfigNode readValue(String yaml, String source, String path) {
        YamlTree tree = new YamlTree(mark -> source);
        Node root = tree.compose(new StringReader(yaml));
        if (root == null) {
            return new Scalar("", true, source);
        }
        return tree.convert(root, path, 0);
    }

    private Node compose(Reader reader) {
        try {
            return new Yaml().compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            throw new ConfigException(origin.apply(mark) + ": invalid YAML: " + problem + " (column "
                    + (mark.getColumn() + 1) + ')');
        } catch (YAMLException e) {
            throw new ConfigException(origin.apply(new Mark("", 0, 0, 0, new int[0], 0)) + ": invalid YAML: "
                    + e.getMessage());
        }
    }

    private ConfigNode convert(Node node, String path, int depth) {
        String where = origin.apply(node.getStartMark());
        if (depth > MAX_DEPTH) {
            throw new ConfigException(where + ": " + KeyPaths.display(path) + ": nested too deeply (expected: <= "
                    + MAX_DEPTH + " levels)");
        }
        if (node instanceof ScalarNode scalar) {
            return new Scalar(scalar.getValue(), Tag.NULL.equals(scalar.getTag()), where);
        }
        if (node instanceof SequenceNode sequence) {
            List<ConfigNode> items = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                items.add(convert(item, path + '[' + items.size() + ']', depth + 1));
            }
            return new Sequence(items, where);
        }
        return convertMapping((MappingNode) node, path, depth, where);
    }

    private ConfigNode convertMapping(MappingNode mapping, String path, int depth, String where) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String keyOrigin = origin.apply(tuple.getKeyNode().getStartMark());
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                throw new ConfigException(keyOrigin + ": " + KeyPaths.display(path)
                        + ": a key is not a scalar (expected: a name)");
            }
            String key = keyNode.getValue();
            String child = KeyPaths.child(path, key);
            if (entries.containsKey(key)) {
                throw new ConfigException(keyOrigin + ": " + child + ": duplicate key");
            }
            entries.put(key, new Entry(convert(tuple.getValueNode(), child, depth + 1), keyOrigin));
        }
        return new Mapping(entries, where);
    }
}
