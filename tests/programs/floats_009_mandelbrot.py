# An ASCII Mandelbrot set: float loops with escape-time iteration counts.
W, H, MAXIT = 14, 6, 10
chars = " .:-=+*#%@"
counts = []
for row in range(H):
    y = -1.2 + 2.4 * row / (H - 1)
    line = ""
    for col in range(W):
        x = -2.1 + 2.8 * col / (W - 1)
        zx = zy = 0.0
        it = 0
        while it < MAXIT and zx * zx + zy * zy <= 4.0:
            zx, zy = zx * zx - zy * zy + x, 2 * zx * zy + y
            it += 1
        counts.append(it)
        line += chars[it * (len(chars) - 1) // MAXIT]
    print("|" + line + "|")
print(sum(counts), max(counts), counts.count(MAXIT))
