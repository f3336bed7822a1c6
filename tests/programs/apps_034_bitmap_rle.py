# Run-length compression of a small bitmap, decompression and a checksum.
art = [
    "................",
    "....######......",
    "...#......#.....",
    "..#..#..#..#....",
    "..#........#....",
    "..#..####..#....",
    "...#......#.....",
    "....######......",
]

def compress_row(row):
    out = []
    i = 0
    while i < len(row):
        j = i
        while j < len(row) and row[j] == row[i]:
            j += 1
        out.append((row[i], j - i))
        i = j
    return out

def decompress_row(runs):
    return "".join(ch * n for ch, n in runs)

compressed = [compress_row(r) for r in art]
for r, runs in zip(art, compressed):
    enc = "".join(f"{n}{'#' if ch == '#' else '.'}" for ch, n in runs)
    print(r, "|", enc)
restored = [decompress_row(c) for c in compressed]
print(restored == art, sum(len(c) for c in compressed), sum(len(r) for r in art))
checksum = 0
for y, row in enumerate(art):
    for x, ch in enumerate(row):
        if ch == "#":
            checksum = (checksum * 31 + x * 7 + y) % 1000003
print("checksum", checksum)
flipped = [row[::-1] for row in art[::-1]]
print(flipped[1], compress_row(flipped[3]))
