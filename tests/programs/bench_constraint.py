# Benchmark: a small constraint solver.  Backtracking search with forward
# checking and the minimum-remaining-values heuristic, applied to map colouring
# and to N-queens.  Written from scratch for pypyteach's test corpus.

QUEENS = 8                # size parameter: board size for the N-queens problem


class Unsatisfiable(Exception):
    pass


class Problem:
    def __init__(self, variables, domain):
        self.variables = list(variables)
        self.domains = {v: list(domain) for v in self.variables}
        self.constraints = {v: [] for v in self.variables}
        self.nodes = 0
        self.prunes = 0

    def add_constraint(self, a, b, ok):
        # ok(value_a, value_b) must hold; stored in both directions
        self.constraints[a].append((b, ok, False))
        self.constraints[b].append((a, ok, True))

    def consistent(self, ok, flipped, mine, other):
        return ok(other, mine) if flipped else ok(mine, other)

    def forward_check(self, var, value, domains):
        new_domains = dict(domains)
        for other, ok, flipped in self.constraints[var]:
            if other not in new_domains:
                continue
            kept = [w for w in new_domains[other] if self.consistent(ok, flipped, value, w)]
            if len(kept) < len(new_domains[other]):
                self.prunes += len(new_domains[other]) - len(kept)
            if not kept:
                raise Unsatisfiable(other)
            new_domains[other] = kept
        return new_domains

    def solve(self, limit=1):
        solutions = []
        self._search({}, {v: self.domains[v] for v in self.variables}, solutions, limit)
        return solutions

    def _search(self, assignment, domains, solutions, limit):
        if len(solutions) >= limit:
            return
        if not domains:
            solutions.append(dict(assignment))
            return
        self.nodes += 1
        var = min(domains, key=lambda v: (len(domains[v]), self.variables.index(v)))
        rest = {v: d for v, d in domains.items() if v != var}
        for value in domains[var]:
            try:
                new_domains = self.forward_check(var, value, rest)
            except Unsatisfiable:
                continue
            assignment[var] = value
            self._search(assignment, new_domains, solutions, limit)
            del assignment[var]
            if len(solutions) >= limit:
                return


def different(a, b):
    return a != b


# Map colouring: regions of an imaginary continent and their borders.
borders = [
    ("north", "west"), ("north", "central"), ("north", "east"), ("west", "central"),
    ("central", "east"), ("west", "south"), ("central", "south"), ("east", "south"),
    ("south", "isle"), ("east", "coast"), ("coast", "south"), ("coast", "isle"),
    ("west", "hills"), ("hills", "south"), ("hills", "isle"),
]
regions = []
for a, b in borders:
    for r in (a, b):
        if r not in regions:
            regions.append(r)
for colours in (["red", "green", "blue"], ["red", "green", "blue", "yellow"]):
    p = Problem(regions, colours)
    for a, b in borders:
        p.add_constraint(a, b, different)
    sols = p.solve(limit=3)
    print(len(colours), "colours:", len(sols), "solutions found, nodes", p.nodes, "prunes", p.prunes)
    for s in sols:
        print("   ", ", ".join(f"{r}={s[r]}" for r in regions))


def queens(n, limit):
    p = Problem(range(n), range(n))
    for r1 in range(n):
        for r2 in range(r1 + 1, n):
            d = r2 - r1
            p.add_constraint(r1, r2, lambda c1, c2, d=d: c1 != c2 and abs(c1 - c2) != d)
    sols = p.solve(limit)
    return p, sols


p, sols = queens(QUEENS, 1)
print(f"{QUEENS}-queens first solution after {p.nodes} nodes, {p.prunes} prunes:")
board = sols[0]
for r in range(QUEENS):
    print("   " + " ".join("Q" if board[r] == c else "." for c in range(QUEENS)))
p6, all6 = queens(6, 100)
print("6-queens: all", len(all6), "solutions:", [tuple(s[r] for r in range(6)) for s in all6], "nodes", p6.nodes)
