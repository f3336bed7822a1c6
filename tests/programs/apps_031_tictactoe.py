# Tic-tac-toe: winner detection and a minimax search from a mid-game position.
LINES = [(0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8), (2, 4, 6)]

def winner(b):
    for a, c, d in LINES:
        if b[a] != "." and b[a] == b[c] == b[d]:
            return b[a]
    return None

def minimax(b, player, counter):
    counter[0] += 1
    w = winner(b)
    if w:
        return (1 if w == "X" else -1), None
    moves = [i for i, v in enumerate(b) if v == "."]
    if not moves:
        return 0, None
    best = None
    for m in moves:
        b[m] = player
        score, _ = minimax(b, "O" if player == "X" else "X", counter)
        b[m] = "."
        if best is None or (player == "X" and score > best[0]) or (player == "O" and score < best[0]):
            best = (score, m)
    return best

def show(b):
    for r in range(3):
        print(" ".join(b[r * 3:r * 3 + 3]))

board = list("XO.OXO...")
show(board)
counter = [0]
print("X to move:", minimax(board, "X", counter), "nodes", counter[0])
board2 = list("XOXOO.X..")
counter = [0]
print("X to move:", minimax(board2, "X", counter), "nodes", counter[0])
game = list("XOX.OXO..")
turn = "X"
while winner(game) is None and "." in game:
    _, move = minimax(game, turn, [0])
    game[move] = turn
    turn = "O" if turn == "X" else "X"
show(game)
print("winner:", winner(game))
