# Benchmark: pystone-style code.  Records, global state, small procedures
# and string/char comparisons in a loop, after the shape of PyPy's "pystone".

LOOPS = 300               # size parameter: number of main loop iterations

IDENT_1, IDENT_2, IDENT_3 = 1, 2, 3


class Record:
    def __init__(self, ptr_comp=None, discr=0, enum_comp=0, int_comp=0, string_comp=""):
        self.ptr_comp = ptr_comp
        self.discr = discr
        self.enum_comp = enum_comp
        self.int_comp = int_comp
        self.string_comp = string_comp

    def copy(self):
        return Record(self.ptr_comp, self.discr, self.enum_comp, self.int_comp, self.string_comp)


int_glob = 0
bool_glob = False
array1 = [0] * 51
array2 = [[0] * 51 for _ in range(51)]


def proc7(a, b):
    return a + 2 + b


def proc8(a1, a2, x, y):
    global int_glob
    loc = x + 5
    a1[loc] = y
    a1[loc + 1] = a1[loc]
    a1[loc + 30] = loc
    for i in range(loc, loc + 2):
        a2[loc][i] = loc
    a2[loc][loc - 1] += 1
    a2[loc + 20][loc] = a1[loc]
    int_glob = 5


def func1(c1, c2):
    return IDENT_1 if c1 != c2 else IDENT_2


def func2(s1, s2):
    i = 1
    while i <= 1:
        if func1(s1[i], s2[i + 1]) == IDENT_1:
            i += 1
    return s1 > s2


def proc1(rec):
    nxt = rec.ptr_comp
    rec.ptr_comp = rec.copy()
    rec.int_comp = 5
    nxt.int_comp = rec.int_comp
    nxt.ptr_comp = rec.ptr_comp
    if nxt.discr == IDENT_1:
        nxt.int_comp = 6
        nxt.enum_comp = IDENT_2
    return rec


def main():
    global bool_glob
    glob = Record(None, IDENT_1, IDENT_3, 40, "DHRYSTONE PROGRAM, SOME STRING")
    glob.ptr_comp = Record(None, IDENT_1, IDENT_1, 0, "x")
    s1 = "DHRYSTONE PROGRAM, 1'ST STRING"
    total = 0
    for loop in range(LOOPS):
        s2 = "DHRYSTONE PROGRAM, 2'ND STRING"
        int1, int2 = 2, 3
        bool_glob = not func2(s1, s2)
        while int1 < int2:
            int3 = 5 * int1 - int2
            int3 = proc7(int1, int2)
            int1 += 1
        proc8(array1, array2, int1, int3)
        glob = proc1(glob)
        total += int3 + glob.int_comp + int_glob
    print("total", total, "bool", bool_glob)
    print("array", array1[8], array2[8][7], glob.ptr_comp.int_comp)


main()
