"""The str type against the host CPython, expression by expression.

Every case is an expression; the VM runs ``print(repr(<expr>))`` (inside a
small try/except that prints the exception's type and message instead) and
the result must be the host's ``repr(eval(<expr>))``, or the same exception
type and message.  Cases run in batches, one VM per batch; a batch that does
not finish is rerun case by case so that one failure names one case.
"""

import os
import string
import warnings

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from pypyteach.run import run_source

PRELUDE = '''
class Idx:
    def __init__(self, n):
        self.n = n
    def __index__(self):
        return self.n

class P:
    def __init__(self):
        self.x = 3
        self.items = [10, 20, 30]
        self.name = 'pt'

class R:
    def __repr__(self):
        return 'R\\u00e9()'
    def __str__(self):
        return 'R-str'

class RightOps:
    def __radd__(self, other):
        return 'radd:' + other
    def __rmul__(self, other):
        return 'rmul:' + other

class Fmt:
    def __format__(self, spec):
        return 'Fmt<' + spec + '>'

class Num:
    def __int__(self):
        return 7
    def __float__(self):
        return 2.5
    def __index__(self):
        return 5

class Seq:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return 'abc'[i]

p = P()
d = {'a': 1, 'b': 'two', 'key': [1, 2]}
'''

HARNESS = '''
def _t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print('!' + type(e).__name__ + ': ' + repr(str(e)))
'''

_HOST_NS = {}
exec(PRELUDE, _HOST_NS)


def host_result(expr):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)     # 'abc'['x'] on purpose
            return repr(eval(expr, dict(_HOST_NS)))
    except Exception as exc:
        return "!%s: %r" % (type(exc).__name__, str(exc))


def _vm_single(expr):
    result = run_source(PRELUDE + HARNESS + "_t(lambda: %s)\n" % expr)
    if result.error is not None:
        return "CRASH %s: %s" % (result.error.type_name, result.error.message)
    return result.stdout.rstrip("\n")


def vm_results(exprs):
    """The VM's result line for each expression (one VM for all of them)."""
    source = PRELUDE + HARNESS + "".join("_t(lambda: %s)\n" % expr for expr in exprs)
    result = run_source(source)
    lines = result.stdout.split("\n")[:-1]
    if result.error is None and len(lines) == len(exprs):
        return lines
    return [_vm_single(expr) for expr in exprs]


def check_all(exprs):
    got = vm_results(exprs)
    mismatches = [(expr, host_result(expr), vm) for expr, vm in zip(exprs, got) if host_result(expr) != vm]
    assert not mismatches, "\n".join("%s\n   host: %s\n     vm: %s" % m for m in mismatches)


# -- the case table -------------------------------------------------------------------------

METHODS = r"""
'-'.join(['a', 'b', 'c'])
''.join([])
', '.join(('x',))
''.join('abc')
'-'.join(iter(['p', 'q']))
'-'.join({'k': 1})
'-'.join(['a', 2])
'-'.join([None])
'-'.join(5)
'a b  c'.split()
'  a b  c  '.split()
'a,b,,c'.split(',')
'a,b,,c'.split(',', 1)
'a,b,,c'.split(',', maxsplit=2)
'a,b,,c'.split(sep=',', maxsplit=0)
'a b c'.split(None, 1)
'a b c'.split(maxsplit=1)
'a::b::c'.split('::')
''.split(',')
''.split()
'a,b'.split(',', -1)
'a,b'.split(',', Idx(0))
'a'.split('')
'a'.split(1)
'a'.split(',', 'x')
'a'.split(',', 1.5)
'a'.split(',', sep=',')
'a'.split(x=1)
'a'.split(',', 1, 2)
'a,b,c'.rsplit(',', 1)
'  a b c '.rsplit(None, 1)
'a b c'.rsplit(maxsplit=1)
'abc'.rsplit('')
'abc'.rsplit(1)
'  hi  '.strip()
'xxhixx'.strip('x')
'  hi  '.lstrip()
'abcba'.lstrip('ab')
'  hi  '.rstrip()
'abcba'.rstrip('ab')
'hi'.strip(None)
'hi'.strip(1)
'hi'.lstrip(1)
'hi'.rstrip([])
'hi'.strip('a', 'b')
'aaa'.replace('a', 'b')
'aaa'.replace('a', 'b', 2)
'aaa'.replace('a', 'b', -1)
'aaa'.replace('a', 'b', 0)
'abc'.replace('', '-')
'abc'.replace('', '-', 2)
'abc'.replace('x', 'y')
'abc'.replace(1, 'y')
'abc'.replace('a', 1)
'abc'.replace('a', 'b', 'c')
'abc'.replace('a')
'Hello World'.upper()
'Hello World'.lower()
'hello world'.capitalize()
'HELLO wORLD'.capitalize()
'hello world-foo bar_baz'.title()
"they're bill's".title()
'Hello World'.swapcase()
'\u00df'.upper()
'\u0130'.lower()
'Stra\u00dfe'.casefold()
'abc'.upper(1)
'abc'.upper(x=1)
'abc'.startswith('ab')
'abc'.startswith('bc')
'abc'.startswith(('x', 'a'))
'abc'.startswith(())
'abc'.startswith('b', 1)
'abc'.startswith('b', 1, 1)
'abc'.startswith('', 3)
'abc'.startswith('', 4)
'abc'.startswith('a', -3, None)
'abc'.endswith('bc')
'abc'.endswith(('x', 'c'))
'abc'.endswith('b', 0, 2)
'abc'.endswith('b', None, -1)
'abc'.startswith(1)
'abc'.startswith((1,))
'abc'.endswith(['c'])
'abc'.endswith(('c', 2))
'abc'.startswith('a', 'x')
'abc'.startswith('a', 1.5)
'abc'.startswith()
'abc'.startswith('a', 0, 1, 2)
'abc'.startswith(prefix='a')
'abcabc'.find('c')
'abcabc'.find('c', 3)
'abcabc'.find('c', 3, 5)
'abcabc'.find('c', -2)
'abcabc'.find('x')
'abcabc'.find('')
'abcabc'.find('', 10)
'abcabc'.find('a', None, None)
'abcabc'.find('a', Idx(1))
'abcabc'.find('a', 2**100)
'abcabc'.find('a', -2**100)
'abcabc'.rfind('c')
'abcabc'.rfind('c', 0, 5)
'abcabc'.rfind('x')
'abcabc'.rfind('')
'abcabc'.index('b')
'abcabc'.index('b', 2)
'abcabc'.index('x')
'abcabc'.rindex('b')
'abcabc'.rindex('b', 0, 3)
'abcabc'.rindex('x')
'abcabc'.count('a')
'abcabc'.count('a', 1)
'abcabc'.count('a', 1, 3)
'abcabc'.count('')
'abcabc'.count('', 2, 4)
'aaaa'.count('aa')
'abc'.find(1)
'abc'.find('a', 'x')
'abc'.find('a', 0, 'x')
'abc'.find()
'abc'.find(sub='a')
'abc'.index(1)
'abc'.count(1)
'abc'.count()
'abc'.rfind('a', 0, 1, 2)
'123'.isdigit()
'12a'.isdigit()
''.isdigit()
'\u00b2'.isdigit()
'abc'.isalpha()
'ab1'.isalpha()
'\u00e9t\u00e9'.isalpha()
'ab1'.isalnum()
'ab 1'.isalnum()
' \t\n'.isspace()
''.isspace()
'ABC'.isupper()
'AbC'.isupper()
'A1'.isupper()
'abc'.islower()
'1'.islower()
'\u00bd'.isnumeric()
'\u00bd'.isdecimal()
'abc_1'.isidentifier()
'1abc'.isidentifier()
'a\tb'.isprintable()
'Hello World'.istitle()
'abc\u00e9'.isascii()
'42'.zfill(5)
'-42'.zfill(5)
'+42'.zfill(2)
''.zfill(3)
'abc'.zfill(-1)
'abc'.zfill(Idx(6))
'abc'.zfill('x')
'abc'.zfill(1.5)
'abc'.zfill()
'abc'.center(9)
'abc'.center(8, '*')
'ab'.center(7, '*')
'abc'.center(2)
'abc'.ljust(6)
'abc'.ljust(6, '.')
'abc'.rjust(6)
'abc'.rjust(6, '0')
'abc'.rjust(-3)
'abc'.center('x')
'abc'.center(5, 'ab')
'abc'.center(5, '')
'abc'.center(5, 1)
'abc'.ljust(1.5)
'abc'.center()
'abc'.rjust(1, ' ', 2)
'a=b=c'.partition('=')
'abc'.partition('=')
'a=b=c'.rpartition('=')
'abc'.rpartition('=')
'abc'.partition('')
'abc'.rpartition('')
'abc'.partition(1)
'abc'.partition()
'a\nb\r\nc\rd\n'.splitlines()
'a\nb\r\nc\rd\n'.splitlines(True)
'a\nb'.splitlines(keepends=True)
'a\x0bb\x1cc\u2028d'.splitlines()
''.splitlines()
'a\nb'.splitlines(0)
'a'.splitlines('x')
'a'.splitlines(None)
'a'.splitlines(1, 2)
'a'.splitlines(keepends=1, x=2)
'a\tb\tc'.expandtabs()
'a\tbc\td'.expandtabs(4)
'a\tb'.expandtabs(tabsize=0)
'prefix-body'.removeprefix('prefix-')
'body-suffix'.removesuffix('-suffix')
'abc'.removeprefix('x')
'abc'.removeprefix(1)
"""

OPERATORS = r"""
len('')
len('abc')
len('h\u00e9llo')
'abc'.__len__()
'ab' + 'cd'
'' + 'x'
'x' + ''
'a' + 1
'a' + None
'a' + [1]
'a' + RightOps()
'a' * 3
3 * 'ab'
'ab' * 0
'ab' * -2
'ab' * True
'ab' * Idx(2)
'ab' * 'x'
'ab' * 1.5
'ab' * None
1.5 * 'ab'
'ab' * RightOps()
'a' * 2**100
'abc'.__mul__(2)
'abc'.__rmul__(2)
'b' in 'abc'
'bc' in 'abc'
'' in 'abc'
'x' in 'abc'
'x' not in 'abc'
1 in 'abc'
None in 'abc'
'abc'.__contains__('a')
'abc' == 'abc'
'abc' == 'abd'
'abc' != 'abc'
'abc' == 1
'abc' != None
'a' < 'b'
'a' < 'ab'
'b' <= 'a'
'B' > 'a'
'abc' >= 'abc'
'\u00e9' > 'z'
'a' < 1
'a' >= None
1 > 'a'
'abc'.__eq__(1)
'abc'.__lt__('b')
'abc'.__ne__('abc')
hash('abc') == hash('ab' + 'c')
hash('') == hash('')
{'ab': 1}['a' + 'b']
len({'a', 'a', 'b'})
repr('abc')
repr("it's")
repr('say "hi"')
repr('both \' and "')
repr('tab\there\nnl\\')
repr('\x00\x7f\u00e9\u20ac\U0001f600')
repr('\ud800')
str('abc')
str()
str(42)
str(-1.5)
str(True)
str(None)
str(R())
str([1, 'a'])
str(('x',))
str(object='kw')
str(1, 2)
str('a', 'utf-8')
'abc'.__str__()
'abc'.__repr__()
'abc'[0]
'abc'[2]
'abc'[-1]
'abc'[-3]
'abc'[3]
'abc'[-4]
''[0]
'abc'[True]
'abc'[Idx(1)]
'abc'['x']
'abc'[1.0]
'abc'[None]
'abc'[2**100]
'abc'.__getitem__(1)
list('abc')
list('')
[c for c in 'h\u00e9!']
list(iter('xyz'))
tuple(reversed('abc'))
sorted('cab')
list(Seq())
max('hello')
'abc'.__iter__() is not None
str.upper('abc')
str.upper(5)
str.upper()
str.join(5, [])
str.__len__(5)
str.__len__()
str.__getitem__('abc', 1, 2)
'abc'.__len__(1)
'abc'.__getitem__()
'abc'.__mul__()
'abc'.__add__(x=1)
'abc'.join()
'abc'.join(['a'], ['b'])
'abc'.join(iterable=[])
'abc'.format_map({})
'{a}-{b}'.format_map(d)
'{0}'.format_map(d)
'{x}'.format_map({})
"""

SLICES = r"""
'abcdef'[1:4]
'abcdef'[:3]
'abcdef'[3:]
'abcdef'[:]
'abcdef'[::2]
'abcdef'[1::2]
'abcdef'[::-1]
'abcdef'[::-2]
'abcdef'[4:1:-1]
'abcdef'[-1:-4:-1]
'abcdef'[-2:]
'abcdef'[:-2]
'abcdef'[10:]
'abcdef'[:100]
'abcdef'[-100:100]
'abcdef'[4:2]
'abcdef'[2:4:-1]
'abcdef'[::3]
'abcdef'[5:0:-2]
'abcdef'[None:None:None]
'abcdef'[True:]
'abcdef'[Idx(2):Idx(4)]
'abcdef'[2**100:]
'abcdef'[-2**100::-1]
'abcdef'[::2**100]
'abcdef'[::-2**100]
''[::-1]
''[1:2]
'abcdef'[::0]
'abcdef'['a':]
'abcdef'[:1.5]
'abcdef'[::None]
"""

PERCENT = r"""
'%s' % 'x'
'%s' % 42
'%s' % (1,)
'%s %s' % ('a', 'b')
'%s' % [1, 2]
'%s' % (R(),)
'%r' % 'x'
'%r' % R()
'%a' % 'caf\u00e9'
'%a' % R()
'%5s|' % 'ab'
'%-5s|' % 'ab'
'%.2s|' % 'abcdef'
'%7.3s|' % 'abcdef'
'%-7.3s|' % 'abcdef'
'%*s|' % (6, 'ab')
'%-*s|' % (6, 'ab')
'%*s|' % (-6, 'ab')
'%.*s|' % (2, 'abc')
'%.*s|' % (-1, 'abc')
'%*.*s|' % (5, 1, 'abc')
'%d' % 42
'%d' % -42
'%i' % 7
'%u' % 7
'%d' % True
'%d' % 3.99
'%d' % -3.99
'%d' % 1e20
'%d' % 2**70
'%d' % Num()
'%5d|' % 42
'%-5d|' % 42
'%05d' % 42
'%05d' % -42
'%+d' % 42
'%+d' % -42
'% d' % 42
'% d' % -42
'%+05d' % 42
'%-05d|' % 42
'%.3d' % 7
'%8.3d|' % -7
'%x' % 255
'%X' % 255
'%#x' % 255
'%#X' % 255
'%#o' % 8
'%o' % 8
'%x' % -255
'%#08x' % 255
'%-#8x|' % 255
'%x' % True
'%x' % Idx(31)
'%x' % 2**70
'%f' % 3.14159
'%.2f' % 3.14159
'%.0f' % 2.5
'%.0f' % 3.5
'%#.0f' % 3.0
'%10.3f|' % -3.14159
'%-10.3f|' % 3.14159
'%010.3f' % -3.14159
'%+f' % 1.5
'% f' % 1.5
'%f' % 3
'%f' % True
'%F' % 1.5
'%f' % float('inf')
'%F' % float('nan')
'%f' % 1e300
'%f' % Num()
'%e' % 12345.678
'%E' % 12345.678
'%.2e' % 0.000123
'%+.3e' % 1.5
'%15.4e|' % -1.5
'%g' % 12345.678
'%g' % 0.00001234
'%g' % 1e20
'%G' % 1e-20
'%.3g' % 3.14159
'%#g' % 1.0
'%g' % 100000
'%g' % 1000000
'%c' % 65
'%c' % 'z'
'%c' % 0x20ac
'%3c|' % 'z'
'%-3c|' % 65
'%c' % True
'%%' % ()
'100%%' % ()
'%d%%' % 50
'%s%%%s' % (1, 2)
'%(a)s and %(b)s' % d
'%(a)d%%' % d
'%(a)05d' % d
'%(key)s' % d
'%(a)s %(a)r' % {'a': 'x'}
'%((a))s' % {'(a)': 'paren'}
'%s' % d
'%s' % {}
'abc' % {}
'abc' % []
'' % ()
'%ld %hd %Lf' % (1, 2, 3.0)
'%s %s' % 1
'%s' % (1, 2)
'' % 1
'abc' % 'x'
'%s' % ()
'%d' % 'x'
'%d' % None
'%i' % 'x'
'%u' % []
'%x' % 1.5
'%o' % 1.5
'%X' % 'x'
'%c' % 'ab'
'%c' % ''
'%c' % 1.5
'%c' % -1
'%c' % 0x110000
'%f' % 'x'
'%e' % None
'%g' % [1]
'%d' % float('nan')
'%d' % float('inf')
'%(a)s' % 1
'%(a)s' % 'ab'
'%(a)s' % (1,)
'%(zz)s' % d
'%(a)s %s' % d
'%q' % 1
'%q' % ()
'%' % 1
'%5' % 1
'%.' % 1
'%(a' % d
'%*d' % ('x', 1)
'%.*f' % ('x', 1.0)
'%*d' % (5,)
'%5%' % 1
'%\u00e9' % 1
'%\x01' % 1
'%s %(a)s' % d
'%.10000000000d' % 1
'%s' % 'x' * 2
'%s-%s' % ('a', 'b') + '!'
'abc'.__mod__(1)
'abc'.__mod__(())
'x'.__rmod__('%s')
'%s'.__rmod__(1)
5 % 'a'
"""

FORMAT = r"""
'{}'.format(1)
'{} {}'.format('a', 'b')
'{1} {0}'.format('a', 'b')
'{0}{0}'.format('ab')
'{x} {y}'.format(x=1, y='two')
'{0} {x}'.format('pos', x='kw')
'{:>8}|'.format('ab')
'{:<8}|'.format('ab')
'{:^8}|'.format('ab')
'{:*^9}|'.format('ab')
'{:.2}'.format('abcdef')
'{:8.2}|'.format('abcdef')
'{:s}'.format('abc')
'{:05}'.format('ab')
'{0:>{1}}'.format('ab', 6)
'{:{}}|'.format('ab', 5)
'{:{}{}}|'.format('ab', '>', 7)
'{0:{fill}{align}{width}}'.format('ab', fill='-', align='^', width=8)
'{:d}'.format(42)
'{:5d}|'.format(42)
'{:+d}'.format(42)
'{: d}'.format(42)
'{:,}'.format(1234567)
'{:_}'.format(1234567)
'{:,d}'.format(-1234567)
'{:08,}'.format(1234)
'{:x}'.format(255)
'{:#x}'.format(255)
'{:#X}'.format(255)
'{:o}'.format(8)
'{:b}'.format(5)
'{:#010b}'.format(5)
'{:c}'.format(65)
'{:=+8d}'.format(42)
'{:08.3f}'.format(3.14159)
'{:.2f}'.format(2.675)
'{:e}'.format(12345.678)
'{:.3E}'.format(0.000123)
'{:g}'.format(1e20)
'{:%}'.format(0.25)
'{:.1%}'.format(0.125)
'{:,.2f}'.format(1234567.891)
'{:10.4}|'.format(3.14159)
'{}'.format(1.5)
'{}'.format(None)
'{}'.format(True)
'{:d}'.format(True)
'{!r}'.format('x')
'{!s}'.format(R())
'{!r}'.format(R())
'{!a}'.format('caf\u00e9')
'{!r:>8}|'.format('x')
'{0.x} {0.name}'.format(p)
'{0.items[1]}'.format(p)
'{0[0]} {0[2]}'.format('xyz')
'{0[a]} {0[b]}'.format(d)
'{d[key][1]}'.format(d=d)
'{0[key]}'.format(d)
'{}'.format(Fmt())
'{:abc}'.format(Fmt())
'{:{}}'.format(Fmt(), 'x')
'{{}} {{{}}}'.format(5)
'{{'.format()
'}}'.format()
'plain'.format()
''.format()
'{'.format(1)
'}'.format(1)
'a{'.format(1)
'a}b'.format(1)
'{0'.format(1)
'{0!'.format(1)
'{0!}'.format(1)
'{0!x}'.format(1)
'{0!rx}'.format(1)
'{0:'.format(1)
'{0{}'.format(1)
'{0[}'.format(1)
'{0]'.format(1)
'{0[0]x}'.format([1])
'{0.}'.format(1)
'{0[]}'.format(1)
'{0..x}'.format(1)
'{0}{}'.format(1, 2)
'{}{0}'.format(1, 2)
'{1}'.format(1)
'{}'.format()
'{x}'.format(y=1)
'{x}'.format()
'{0.foo}'.format(1)
'{0[0]}'.format(1)
'{0[x]}'.format({})
'{0[5]}'.format('abc')
'{-1}'.format(1)
'{99999999999999999999}'.format(1)
'{0:d}'.format('a')
'{0:x}'.format(1.5)
'{:s}'.format(1)
'{:,}'.format('a')
'{:=5}'.format('a')
'{:+}'.format('a')
'{:#}'.format('a')
'{:{:{}}}'.format(1, 2, 3)
'{0:{1}}'.format(1, 'xx')
'{:>{}}'.format('a', 'x')
'{:\u00e9>5}'.format('a')
'{} {}'.format(*['a', 'b'])
'{a}'.format(**{'a': 5})
'abc'.__format__('>5')
'abc'.__format__('')
'abc'.__format__(1)
'abc'.__format__()
format('abc', '^7')
format('abc')
"""

FSTRINGS = r"""
f'{"x":>8}|'
f'{3.14159:08.3f}'
f'{1234567:,}'
f'{255:x}'
f'{12345.678:e}'
f'{"ab"!r}'
f'{"ab":^10}|'
f'{42:+d}'
f'{"ab":{6}}|'
f'{"ab":{">"}{6}}|'
f'{3.5:{8}.{2}f}|'
f'{"abc"[1]}{"xyz"[::-1]}'
f'{p.x}{p.items[0]}'
f'{R()!s} {R()!r} {R()!a}'
f'{"ab"=}'
f'{Fmt():spec}'
f'{"a":d}'
f'{1:s}'
f'{{literal}} {1}'
"""


LIMITS = r"""
'a b'.split(None, 2**100)
'a'.center(2**100)
'a'.center(-2**100)
'a'.zfill(2**70)
'a'.replace('a', 'b', 2**100)
'a'.expandtabs(2**40)
'a'.splitlines(2**100)
'%*d' % (2**100, 1)
'%.*d' % (2**40, 1)
'{0[1180591620717411303424]}'.format([])
'a'.zfill(2**40)
'a'.center(2**40)
'ab' * 2**40
'ab' * 2**62
'%2000000000000d' % 1
'{:2000000000000}'.format('a')
'a'.ljust(2**40, '-')
"""


def _cases(table):
    return [line for line in table.strip("\n").split("\n") if line.strip()]


TABLES = {"methods": METHODS, "operators": OPERATORS, "slices": SLICES, "percent": PERCENT,
          "format": FORMAT, "fstrings": FSTRINGS, "limits": LIMITS}


@pytest.fixture(scope="module")
def vm_table():
    """The VM's results for every table, one batch per table (computed once)."""
    return {name: dict(zip(_cases(table), vm_results(_cases(table)))) for name, table in TABLES.items()}


@pytest.mark.parametrize("table,expr", [(name, expr) for name, table in TABLES.items()
                                        for expr in _cases(table)])
def test_case(vm_table, table, expr):
    assert vm_table[table][expr] == host_result(expr)


def test_str_is_not_a_shadow():
    """Methods read the heap each time: a new string made by slicing and
    concatenation behaves as the literal it equals."""
    result = run_source("s = 'ab' * 3\nt = s[1:4] + s[:1]\nprint(t, len(t), t.upper(), t == 'bab' + 'a')\n")
    assert result.error is None and result.stdout == "baba 4 BABA True\n"


def test_iteration_is_linear():
    """Iterating a long string reads one character per step (no quadratic copy)."""
    result = run_source("s = 'x' * 20000\nn = 0\nfor c in s:\n    n += 1\n"
                        "print(n, len(''.join([c for c in s])))\n")
    assert result.error is None, result.error
    assert result.stdout == "20000 20000\n"


GC_PROGRAM = """
class Fmt:
    def __format__(self, spec):
        return ('<' + spec + '>') * 3
class S:
    def __str__(self):
        return 'S' * 5
words = []
for i in range(200):
    line = ' '.join([str(j) + 'x' for j in range(i % 17)])
    words.append('-'.join(line.split())[::-1])
    words.append('{0:>5}|{1:{2}}|{3}'.format(i, Fmt(), 'abc', S()))
    words.append('%s %5d %-6.2f %r' % (S(), i, i / 3, line[:5]))
    words.append(''.join(c.upper() for c in line))
print(len(words), words[-4][:40], words[-3], words[-2], hash(words[-1]) == hash(words[-1][:]))
"""


def test_string_work_under_gc_stress():
    """Host code holding fresh strings across guest calls (__format__, __str__,
    generators) while the collector runs often."""
    import contextlib
    import io
    expected = io.StringIO()
    with contextlib.redirect_stdout(expected):
        exec(GC_PROGRAM, {})
    result = run_source(GC_PROGRAM, gc_threshold=2048)
    assert result.error is None, result.error
    assert result.stdout == expected.getvalue()


def test_error_traceback_from_method():
    result = run_source("x = 'abc'\ny = x.index('z')\n")
    assert (result.error.type_name, result.error.message) == ("ValueError", "substring not found")
    assert result.error.line == 2


# -- Hypothesis ---------------------------------------------------------------------------------

TEXT = st.text(alphabet=st.sampled_from("ab c,\t\n\u00e9\u00df\u0130X1\U0001f600"), max_size=10)
BOUND = st.one_of(st.none(), st.integers(-12, 12))
STEP = st.one_of(st.none(), st.integers(-4, 4))
SETTINGS = settings(max_examples=int(os.environ.get("PYPYTEACH_STR_EXAMPLES", "20")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _slice_source(bound):
    return "" if bound is None else repr(bound)


@SETTINGS
@given(st.lists(st.tuples(TEXT, BOUND, BOUND, STEP), min_size=1, max_size=25))
def test_random_slices(cases):
    exprs = []
    for text, start, stop, step in cases:
        exprs.append("%r[%s:%s:%s]" % (text, _slice_source(start), _slice_source(stop), _slice_source(step)))
        if start is not None:
            exprs.append("%r[%d]" % (text, start))
    check_all(exprs)


SEARCH_METHODS = ["find", "rfind", "index", "rindex", "count", "startswith", "endswith"]
SPLIT_METHODS = ["split", "rsplit", "partition", "rpartition", "strip", "lstrip", "rstrip", "replace"]
UNARY_METHODS = ["upper", "lower", "capitalize", "title", "swapcase", "casefold", "splitlines",
                 "isdigit", "isalpha", "isalnum", "isspace", "isupper", "islower", "istitle",
                 "isidentifier", "isprintable", "expandtabs"]
SMALL = st.text(alphabet=st.sampled_from("ab ,\u00e9"), max_size=3)
# an argument's source: mostly a short str, sometimes something else
ARG = st.one_of(SMALL.map(repr), SMALL.map(repr),
                st.sampled_from(["None", "1", "('a', 'b')", "('x', 2)", "Idx(1)", "[]"]))


@st.composite
def method_calls(draw):
    text = draw(TEXT)
    kind = draw(st.sampled_from(["search", "split", "unary", "pad", "op", "join"]))
    if kind == "search":
        name = draw(st.sampled_from(SEARCH_METHODS))
        args = [draw(ARG)] + [repr(b) for b in draw(st.lists(BOUND, max_size=2))]
    elif kind == "split":
        name = draw(st.sampled_from(SPLIT_METHODS))
        args = [draw(ARG)]
        if name in ("split", "rsplit", "replace"):
            if name == "replace":
                args.append(draw(ARG))
            args += draw(st.lists(st.integers(-2, 4).map(repr) | ARG, max_size=1))
    elif kind == "unary":
        name, args = draw(st.sampled_from(UNARY_METHODS)), []
    elif kind == "pad":
        name = draw(st.sampled_from(["center", "ljust", "rjust", "zfill"]))
        args = [repr(draw(st.integers(-2, 14)))]
        if name != "zfill" and draw(st.booleans()):
            args.append(repr(draw(st.sampled_from(["*", "\u00e9", "", "ab"]))))
    elif kind == "join":
        return "%r.join(%r)" % (draw(SMALL), draw(st.lists(TEXT, max_size=4)))
    else:
        other = draw(TEXT)
        op = draw(st.sampled_from(["+", "<", "<=", "==", "!=", ">", ">=", "in", "*"]))
        if op == "*":
            return "%r * %d" % (text, draw(st.integers(-1, 4)))
        return "%r %s %r" % (text, op, other)
    return "%r.%s(%s)" % (text, name, ", ".join(args))


@SETTINGS
@given(st.lists(method_calls(), min_size=1, max_size=30))
def test_random_methods(exprs):
    check_all(exprs)


@st.composite
def format_specs(draw, kind):
    """A format spec for an int, float or str (mostly valid combinations)."""
    align = draw(st.sampled_from(["", "<", ">", "^"] + (["="] if kind != "str" else [])))
    fill = draw(st.sampled_from(["", "*", "0", " ", "\u00e9"])) if align else ""
    sign = draw(st.sampled_from(["", "+", "-", " "])) if kind != "str" else ""
    alt = draw(st.sampled_from(["", "#"])) if kind != "str" else ""
    zero = draw(st.sampled_from(["", "0"])) if not align else ""
    width = draw(st.sampled_from(["", "1", "5", "12"]))
    types = {"int": ["", "d", "x", "X", "o", "b", "n", "c", "e", "f", "%"],
             "float": ["", "e", "E", "f", "F", "g", "G", "%"],
             "str": ["", "s"]}[kind]
    ftype = draw(st.sampled_from(types))
    grouping = draw(st.sampled_from(["", ",", "_"])) if kind != "str" and ftype not in "nc" else ""
    prec = draw(st.sampled_from(["", ".0", ".2", ".5"])) if kind != "int" or ftype in "efg%" else ""
    if ftype == "c" or (kind == "int" and ftype in "xXob"):
        grouping = "" if ftype == "c" else grouping.replace(",", "_")
    return fill + align + sign + alt + zero + width + grouping + prec + ftype


VALUES = {
    "int": st.integers(-10**8, 10**8) | st.sampled_from([0, 1, -1, 2**70, 65]),
    "float": st.floats(allow_nan=True, allow_infinity=True, width=64),
    "str": TEXT,
}


@SETTINGS
@given(st.lists(st.sampled_from(["int", "float", "str"]).flatmap(
    lambda kind: st.tuples(VALUES[kind], format_specs(kind))), min_size=1, max_size=30))
def test_random_format_specs(cases):
    exprs = []
    for value, spec in cases:
        exprs.append("format(%r, %r)" % (value, spec))
        exprs.append("'{:%s}'.format(%r)" % (spec, value))
        exprs.append("(lambda v: f'{v:%s}')(%r)" % (spec, value))
    check_all(exprs)


@st.composite
def percent_cases(draw):
    conv = draw(st.sampled_from("sdiouxXeEfFgGcr"))
    flags = "".join(draw(st.lists(st.sampled_from("-+ #0"), max_size=3)))
    width = draw(st.sampled_from(["", "3", "8", "*"]))
    prec = draw(st.sampled_from(["", ".0", ".3", ".*"]))
    value = draw({"s": TEXT, "r": TEXT, "c": st.integers(32, 0x2ff) | st.sampled_from("a\u00e9"),
                  "e": VALUES["float"], "E": VALUES["float"], "f": VALUES["float"],
                  "F": VALUES["float"], "g": VALUES["float"], "G": VALUES["float"]}.get(
                      conv, VALUES["int"] | st.floats(-1e6, 1e6)))
    args = []
    if width == "*":
        args.append(draw(st.integers(-8, 8)))
    if prec == ".*":
        args.append(draw(st.integers(-2, 6)))
    args.append(value)
    fmt = "<%" + flags + width + prec + conv + ">"
    return "%r %% %r" % (fmt, tuple(args))


@SETTINGS
@given(st.lists(percent_cases(), min_size=1, max_size=30))
def test_random_percent(exprs):
    check_all(exprs)


PRINTABLE = st.text(alphabet=st.sampled_from(string.ascii_letters + "{}[]!:.0123 %"), max_size=8)


@SETTINGS
@given(st.lists(PRINTABLE, min_size=1, max_size=30))
def test_random_format_strings(fmts):
    """Arbitrary (mostly malformed) format strings: same result or same error."""
    exprs = []
    for fmt in fmts:
        exprs.append("%r.format('A', 'B', x='X', y=[1, 2])" % fmt)
        exprs.append("%r %% ('A',)" % fmt)
    check_all(exprs)

