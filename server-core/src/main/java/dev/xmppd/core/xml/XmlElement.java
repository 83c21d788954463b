package dev.xmppd.core.xml;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An immutable XML element: a namespace and local name, flat attributes and children.
 *
 * <p>Attributes are kept as a flat array of name/value pairs. Unqualified attributes use their local name;
 * {@code xml:lang} is kept as {@code "xml:lang"}; any other namespaced attribute as {@code "{uri}local"}.
 *
 * <p>The serialized form is cached (a benign race): {@link #toBytes()} computes it at most once, and
 * {@link #writeTo} keeps it from an element's second write on, so a stanza to one recipient allocates no copy and a
 * broadcast to many is serialized twice. {@link #toBytes()} is the <em>stream-relative</em> form: an element in a
 * stanza namespace ({@code jabber:client}, {@code jabber:server}) is written without {@code xmlns}, so it takes the
 * content namespace of whichever stream it is written to (RFC 6120 §4.8.3).
 */
public final class XmlElement implements XmlNode {
    private static final String[] NO_ATTRIBUTES = new String[0];
    private static final XmlNode[] NO_CHILDREN = new XmlNode[0];
    /** In {@link #bytes}: not cached, but written once already as a child (see {@link #writeStreamRelative}). */
    private static final byte[] WRITTEN_ONCE = new byte[0];

    private final String namespace;
    private final String name;
    private final String[] attributes;
    private final XmlNode[] children;
    private byte[] bytes;

    private XmlElement(String namespace, String name, String[] attributes, XmlNode[] children) {
        this.namespace = namespace;
        this.name = name;
        this.attributes = attributes;
        this.children = children;
    }

    /** Creates an element from arrays the caller hands over and never touches again (used by the decoder). */
    public static XmlElement of(String namespace, String name, String[] attributes, XmlNode[] children) {
        requireNonNull(namespace, "namespace");
        requireNonNull(name, "name");
        requireNonNull(attributes, "attributes");
        requireNonNull(children, "children");
        if ((attributes.length & 1) != 0) {
            throw new IllegalArgumentException("attributes: odd length " + attributes.length + " (expected: pairs)");
        }
        return new XmlElement(namespace, name, attributes.length == 0 ? NO_ATTRIBUTES : attributes,
                children.length == 0 ? NO_CHILDREN : children);
    }

    public static Builder builder(String namespace, String name) {
        return new Builder(namespace, name);
    }

    /** An empty element: {@code <name xmlns='namespace'/>}. */
    public static XmlElement empty(String namespace, String name) {
        return of(namespace, name, NO_ATTRIBUTES, NO_CHILDREN);
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public boolean is(String namespace, String name) {
        return this.name.equals(name) && this.namespace.equals(namespace);
    }

    /** The value of an attribute, or {@code null}. */
    public String attribute(String attributeName) {
        String[] a = attributes;
        for (int i = 0; i < a.length; i += 2) {
            if (a[i].equals(attributeName)) {
                return a[i + 1];
            }
        }
        return null;
    }

    public int attributeCount() {
        return attributes.length / 2;
    }

    public String attributeName(int index) {
        return attributes[index * 2];
    }

    public String attributeValue(int index) {
        return attributes[index * 2 + 1];
    }

    public List<XmlNode> children() {
        return Collections.unmodifiableList(Arrays.asList(children));
    }

    public boolean hasChildren() {
        return children.length != 0;
    }

    /** The child elements, in order, without text. */
    public List<XmlElement> elements() {
        List<XmlElement> out = new ArrayList<>(children.length);
        for (XmlNode child : children) {
            if (child instanceof XmlElement e) {
                out.add(e);
            }
        }
        return out;
    }

    /** The first child element with this namespace and name, or {@code null}. */
    public XmlElement element(String childNamespace, String childName) {
        for (XmlNode child : children) {
            if (child instanceof XmlElement e && e.is(childNamespace, childName)) {
                return e;
            }
        }
        return null;
    }

    /** The first child element, or {@code null}. */
    public XmlElement firstElement() {
        for (XmlNode child : children) {
            if (child instanceof XmlElement e) {
                return e;
            }
        }
        return null;
    }

    /** The character data directly inside this element, concatenated; empty if none. */
    public String text() {
        StringBuilder sb = null;
        String only = "";
        for (XmlNode child : children) {
            if (child instanceof XmlText t) {
                if (only.isEmpty() && sb == null) {
                    only = t.text();
                } else {
                    if (sb == null) {
                        sb = new StringBuilder(only);
                    }
                    sb.append(t.text());
                }
            }
        }
        return sb == null ? only : sb.toString();
    }

    /** The text of the first child element with this namespace and name, or {@code null} if there is none. */
    public String childText(String childNamespace, String childName) {
        XmlElement e = element(childNamespace, childName);
        return e == null ? null : e.text();
    }

    /** A copy with the attribute set, or removed when {@code value} is null. Children are shared. */
    public XmlElement withAttribute(String attributeName, String value) {
        requireNonNull(attributeName, "attributeName");
        String[] a = attributes;
        for (int i = 0; i < a.length; i += 2) {
            if (a[i].equals(attributeName)) {
                if (value == null) {
                    String[] copy = new String[a.length - 2];
                    System.arraycopy(a, 0, copy, 0, i);
                    System.arraycopy(a, i + 2, copy, i, a.length - i - 2);
                    return new XmlElement(namespace, name, copy, children);
                }
                if (value.equals(a[i + 1])) {
                    return this;
                }
                String[] copy = a.clone();
                copy[i + 1] = value;
                return new XmlElement(namespace, name, copy, children);
            }
        }
        if (value == null) {
            return this;
        }
        String[] copy = Arrays.copyOf(a, a.length + 2);
        copy[a.length] = attributeName;
        copy[a.length + 1] = value;
        return new XmlElement(namespace, name, copy, children);
    }

    /** A copy with one more child at the end. */
    public XmlElement withChild(XmlNode child) {
        requireNonNull(child, "child");
        XmlNode[] copy = Arrays.copyOf(children, children.length + 1);
        copy[children.length] = child;
        return new XmlElement(namespace, name, attributes, copy);
    }

    /** A copy with these children instead of the current ones. */
    public XmlElement withChildren(List<? extends XmlNode> newChildren) {
        return new XmlElement(namespace, name, attributes, newChildren.toArray(NO_CHILDREN));
    }

    /** A copy in another namespace (the children keep theirs). */
    public XmlElement withNamespace(String newNamespace) {
        requireNonNull(newNamespace, "newNamespace");
        return newNamespace.equals(namespace) ? this : new XmlElement(newNamespace, name, attributes, children);
    }

    /**
     * This element with every element in namespace {@code from} moved to {@code to}, at any depth (e.g. a stanza read
     * on a {@code jabber:server} or {@code jabber:component:accept} stream, routed as {@code jabber:client}); subtrees
     * without one are shared, not copied, and an element with none is returned as is.
     */
    public XmlElement withNamespaceMoved(String from, String to) {
        XmlNode[] rewritten = null;
        for (int i = 0; i < children.length; i++) {
            if (children[i] instanceof XmlElement child) {
                XmlElement moved = child.withNamespaceMoved(from, to);
                if (moved != child) {
                    if (rewritten == null) {
                        rewritten = children.clone();
                    }
                    rewritten[i] = moved;
                }
            }
        }
        XmlElement out = rewritten == null ? this : new XmlElement(namespace, name, attributes, rewritten);
        return from.equals(out.namespace) ? out.withNamespace(to) : out;
    }

    /** The stream-relative UTF-8 serialization (see the class comment), computed once. Do not modify. */
    public byte[] toBytes() {
        byte[] b = bytes;
        if (b == null || b == WRITTEN_ONCE) {
            b = serialize();
            bytes = b;
        }
        return b;
    }

    /** Takes serialized bytes: the first {@code length} of {@code bytes}, which are valid only during the call. */
    @FunctionalInterface
    public interface BytesTo<T> {
        T apply(byte[] bytes, int length);
    }

    /**
     * Hands {@link #toBytes()} to {@code to}, without an array of their own the first time: an element written once
     * (a stanza to one recipient, the common case) goes from the serializer's buffer to {@code to}, e.g. straight into
     * a socket buffer. The second write keeps the bytes, as {@code toBytes()} does.
     */
    public <T> T writeTo(BytesTo<T> to) {
        byte[] b = bytes;
        if (b == WRITTEN_ONCE) {
            b = toBytes();
        }
        if (b != null) {
            return to.apply(b, b.length);
        }
        Utf8Buffer out = Utf8Buffer.borrow();
        try {
            writeStreamRelative(out);
            bytes = WRITTEN_ONCE;
            return out.apply(to);
        } finally {
            out.release();
        }
    }

    /**
     * Serializes this element, copying the cached bytes of each child whose stream-relative form reads the same in
     * this place: a copy of a stanza with another {@code to} (one per recipient of a broadcast) then writes only its
     * start tag. The result is byte for byte what {@link XmlWriter} writes.
     */
    private byte[] serialize() {
        Utf8Buffer out = Utf8Buffer.borrow();
        try {
            writeStreamRelative(out);
            return out.toByteArray();
        } finally {
            out.release();
        }
    }

    /**
     * Writes {@link #toBytes()} to {@code out}. A child's bytes are kept (for the next copy of its parent) the second
     * time they are written, not the first: a stanza for one recipient, the common case, allocates no copy of them.
     */
    private void writeStreamRelative(Utf8Buffer out) {
        boolean streamRelative = Namespaces.isStanzaNamespace(namespace) || Namespaces.STREAM.equals(namespace);
        String inherited = streamRelative ? namespace : null;
        if (children.length == 0 || Namespaces.STREAM.equals(namespace)) {
            XmlWriter.write(this, inherited, out);
            return;
        }
        XmlWriter.startTag(this, inherited, out);
        for (XmlNode child : children) {
            if (child instanceof XmlElement e && readsTheSameHere(e)) {
                byte[] cached = e.bytes;
                if (cached != null && cached != WRITTEN_ONCE) {
                    out.put(cached);
                } else {
                    int from = out.size();
                    e.writeStreamRelative(out);
                    e.bytes = cached == null ? WRITTEN_ONCE : out.copyFrom(from); // a benign race, like toBytes
                }
            } else if (child instanceof XmlElement e) {
                XmlWriter.write(e, namespace, out);
            } else {
                out.text(((XmlText) child).text());
            }
        }
        XmlWriter.endTag(this, out);
    }

    /**
     * True if a child's own stream-relative bytes are what its parent would write for it: it declares its
     * namespace on its own exactly when that namespace differs from this element's.
     */
    private boolean readsTheSameHere(XmlElement child) {
        if (Namespaces.STREAM.equals(child.namespace)) {
            return false;
        }
        boolean declaresOnItsOwn = !Namespaces.isStanzaNamespace(child.namespace);
        boolean declaresHere = !child.namespace.equals(namespace);
        return declaresOnItsOwn == declaresHere;
    }

    /** The complete serialization, with {@code xmlns} on this element. */
    public String toXml() {
        return XmlWriter.write(this, null);
    }

    @Override
    public String toString() {
        return toXml();
    }

    /** Structural equality: namespace, name, attributes in any order, and children in order. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof XmlElement other)) {
            return false;
        }
        if (!name.equals(other.name) || !namespace.equals(other.namespace)
                || attributes.length != other.attributes.length || !Arrays.equals(children, other.children)) {
            return false;
        }
        for (int i = 0; i < attributes.length; i += 2) {
            if (!attributes[i + 1].equals(other.attribute(attributes[i]))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = namespace.hashCode() * 31 + name.hashCode();
        for (int i = 0; i < attributes.length; i += 2) {
            h += attributes[i].hashCode() ^ attributes[i + 1].hashCode();
        }
        return h * 31 + Arrays.hashCode(children);
    }

    /** Builds an element; not thread-safe, use once. */
    public static final class Builder {
        private final String namespace;
        private final String name;
        private final List<String> attributes = new ArrayList<>(4);
        private final List<XmlNode> children = new ArrayList<>(2);

        private Builder(String namespace, String name) {
            this.namespace = requireNonNull(namespace, "namespace");
            this.name = requireNonNull(name, "name");
        }

        /** Adds an attribute; a null value is skipped, so optional attributes read naturally. */
        public Builder attribute(String attributeName, String value) {
            requireNonNull(attributeName, "attributeName");
            if (value != null) {
                attributes.add(attributeName);
                attributes.add(value);
            }
            return this;
        }

        public Builder child(XmlNode child) {
            children.add(requireNonNull(child, "child"));
            return this;
        }

        public Builder children(List<? extends XmlNode> nodes) {
            nodes.forEach(this::child);
            return this;
        }

        /** Adds a child element in this element's namespace holding only text. */
        public Builder textElement(String childName, String text) {
            return child(XmlElement.builder(namespace, childName).text(text).build());
        }

        public Builder text(String text) {
            if (text != null && !text.isEmpty()) {
                children.add(new XmlText(text));
            }
            return this;
        }

        public XmlElement build() {
            return XmlElement.of(namespace, name, attributes.toArray(NO_ATTRIBUTES), children.toArray(NO_CHILDREN));
        }
    }
}
