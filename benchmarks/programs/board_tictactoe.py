# Benchmark: a board game.  Negamax with alpha-beta pruning plays
# tic-tac-toe positions to the end, after a few scripted opening moves.
# Written for pypyteach's benchmarks in the style of PyPy's "go"/"chaos".

GAMES = 2                 # size parameter: how many opening positions are solved

LINES = [(0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8), (2, 4, 6)]


class Board:
    def __init__(self):
        self.cells = [0] * 9
        self.moves = 0

    def winner(self):
        cells = self.cells
        for a, b, c in LINES:
            if cells[a] != 0 and cells[a] == cells[b] and cells[b] == cells[c]:
                return cells[a]
        return 0

    def free(self):
        return [i for i in range(9) if self.cells[i] == 0]

    def play(self, square, player):
        self.cells[square] = player
        self.moves += 1

    def undo(self, square):
        self.cells[square] = 0
        self.moves -= 1


class Searcher:
    def __init__(self):
        self.nodes = 0

    def negamax(self, board, player, alpha, beta):
        self.nodes += 1
        won = board.winner()
        if won != 0:
            return -10 + board.moves if won != player else 10 - board.moves
        moves = board.free()
        if not moves:
            return 0
        best = -100
        for square in moves:
            board.play(square, player)
            score = -self.negamax(board, -player, -beta, -alpha)
            board.undo(square)
            if score > best:
                best = score
            if best > alpha:
                alpha = best
            if alpha >= beta:
                break
        return best


def opening(index):
    board = Board()
    player = 1
    square = index % 9
    for _ in range(2):
        while board.cells[square] != 0:
            square = (square + 4) % 9
        board.play(square, player)
        player = -player
        square = (square * 7 + 3) % 9
    return board, player


def main():
    searcher = Searcher()
    total = 0
    for game in range(GAMES):
        board, player = opening(game)
        total += searcher.negamax(board, player, -100, 100)
    print("games", GAMES, "score", total)
    print("nodes", searcher.nodes)


main()
