# Benchmark: dict-heavy code.  Builds a word-adjacency graph from generated
# text with dicts of dicts, counts, and walks it breadth-first.
# Written for pypyteach's benchmarks in the style of PyPy's "dict"/"bm_chameleon".

WORDS = 400               # size parameter: how many words of text are generated

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "ta", "so", "vi"]


def make_text(n):
    words = []
    seed = 17
    for _ in range(n):
        seed = (seed * 1103515245 + 12345) % 2147483648
        length = 1 + seed % 3
        word = ""
        for k in range(length):
            word += SYLLABLES[(seed >> (4 + 3 * k)) % len(SYLLABLES)]
        words.append(word)
    return words


def build_graph(words):
    graph = {}
    counts = {}
    for a, b in zip(words, words[1:]):
        counts[a] = counts.get(a, 0) + 1
        edges = graph.setdefault(a, {})
        edges[b] = edges.get(b, 0) + 1
    return graph, counts


def bfs(graph, start):
    seen = {start: 0}
    queue = [start]
    head = 0
    while head < len(queue):
        word = queue[head]
        head += 1
        for nxt in graph.get(word, {}):
            if nxt not in seen:
                seen[nxt] = seen[word] + 1
                queue.append(nxt)
    return seen


def main():
    words = make_text(WORDS)
    graph, counts = build_graph(words)
    common = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    depths = bfs(graph, words[0])
    print("distinct", len(counts), "common", common)
    print("reachable", len(depths), "deepest", max(depths.values()))


main()
