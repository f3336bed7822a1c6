# A trie (prefix tree) of nested dicts: insert, lookup, prefix listing, autocomplete.
END = "$"

def insert(trie, word):
    node = trie
    for ch in word:
        node = node.setdefault(ch, {})
    node[END] = node.get(END, 0) + 1

def contains(trie, word):
    node = trie
    for ch in word:
        if ch not in node:
            return False
        node = node[ch]
    return END in node

def words_with_prefix(trie, prefix):
    node = trie
    for ch in prefix:
        node = node.get(ch)
        if node is None:
            return []
    out = []
    def walk(n, acc):
        for k in sorted(n):
            if k == END:
                out.append((acc, n[k]))
            else:
                walk(n[k], acc + k)
    walk(node, prefix)
    return out

def count_nodes(n):
    return 1 + sum(count_nodes(v) for k, v in n.items() if k != END)

trie = {}
text = "to tea ted ten inn in tea to tot tote toe team teammate ink"
for w in text.split():
    insert(trie, w)
print(contains(trie, "tea"), contains(trie, "te"), contains(trie, "team"), contains(trie, "x"))
for p in ["te", "to", "in", "tea", "z", ""]:
    print(repr(p), words_with_prefix(trie, p))
print("nodes", count_nodes(trie))
