"""The ``pypyteach`` command.

    pypyteach run FILE [--max-steps N] ...   run like ``python FILE``
    pypyteach dis FILE                       list the bytecode of every code object
    pypyteach layout [TYPE]                  print heap object layouts
    pypyteach log FILE [--loop N] [--html OUT]  what a PYPYLOG file holds (ours or PyPy's)
    pypyteach slides [NOTEBOOK|DIR ...] [-o DIR]  offline reveal.js decks from notebooks

Exit codes: 0 success, 1 uncaught guest exception or compile error,
2 step limit or usage error, 3 a fault in machine code the JIT generated.
"""

import argparse
import io
import os
import sys
import tokenize

from . import logcli
from .jit.backend import ByteOrderError, backend_names, heap_byteorder
from .vm import errors


MIN_HEAP, MAX_HEAP = 4 << 20, 4 << 30     # the prebuilt objects need ~1 MB; the heap is host memory


def _parse_size(text):
    """A --heap-size value such as 64m; argparse turns the ArgumentTypeError
    into one usage line and exit code 2."""
    text = text.strip().lower()
    scale = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}.get(text[-1:], 1)
    number = text[:-1] if text[-1:] in "kmg" else text
    if not number.isdigit():
        raise argparse.ArgumentTypeError("%r is not a size (a number with k, m or g, e.g. 64m)" % text)
    size = int(number) * scale
    if not MIN_HEAP <= size <= MAX_HEAP:
        raise argparse.ArgumentTypeError("%s is outside 4m..4g" % text)
    return size


def build_parser():
    parser = argparse.ArgumentParser(prog="pypyteach", description="See how PyPy runs Python.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run a program, like python FILE")
    run.add_argument("file")
    run.add_argument("--max-steps", type=int, default=None, help="stop after N bytecodes (exit code 2)")
    run.add_argument("--heap-size", type=_parse_size, default="64m", help="guest heap size, e.g. 64m")
    run.add_argument("--byteorder", choices=["little", "big"], default=None,
                     help="the guest heap's byte order (default: the --jit target's, else little)")
    run.add_argument("--recursion-limit", type=int, default=1000)
    run.add_argument("--jit", choices=backend_names(), default=None,
                     help="trace hot loops and run them with this backend")
    run.add_argument("--jit-param", default="", metavar="NAME=VALUE,...",
                     help="JIT parameters as in PyPy, e.g. threshold=3,trace_eagerness=2; "
                          "preset=teaching lowers the thresholds for small demos")
    run.add_argument("--log", default=None, metavar="CATEGORIES:FILE",
                     help="write a PYPYLOG-style log, e.g. jit-log-opt,jit-summary:jit.log")
    dis = commands.add_parser("dis", help="disassemble a program's bytecode")
    dis.add_argument("file")
    layout = commands.add_parser("layout", help="print the heap layout of object types")
    layout.add_argument("type", nargs="?", help="a layout name such as W_IntObject")
    logcli.add_parser(commands)
    slides = commands.add_parser("slides", help="build an offline reveal.js deck per notebook")
    slides.add_argument("notebooks", nargs="*", default=["notebooks"], help="notebooks or folders (default: notebooks)")
    slides.add_argument("-o", "--output", default="slides", help="where the decks go (default: slides)")
    return parser


def _read(path):
    """The source text, decoded as CPython does (PEP 263: a UTF-8 BOM or a
    ``# coding:`` cookie in the first two lines, else UTF-8)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        print("pypyteach: cannot open %s: %s" % (path, exc.strerror), file=sys.stderr)
        sys.exit(2)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:          # an unknown cookie, or bytes that are not UTF-8 in line 1-2
        encoding, problem = "utf-8", exc
    else:
        problem = None
    try:
        text = data.decode(encoding)
        if problem is None:
            return text
        print("SyntaxError: %s (file %s)" % (problem, path), file=sys.stderr)
    except UnicodeDecodeError as exc:
        print("SyntaxError: Non-UTF-8 code starting with '\\x%02x' in file %s on line %d, but no encoding "
              "declared; see https://peps.python.org/pep-0263/ for details"
              % (data[exc.start], path, data[:exc.start].count(b"\n") + 1) if encoding == "utf-8"
              else "SyntaxError: source is not valid %s: %s" % (encoding, exc), file=sys.stderr)
    sys.exit(1)


def _usage_problem(args):
    """Option values that parse but cannot work together; None if fine
    (a --byteorder the --jit target cannot use: ``heap_byteorder``)."""
    if args.log:
        filename = args.log.rpartition(":")[2]
        folder = os.path.dirname(filename) or "."
        if not os.path.isdir(folder):
            return "--log: directory %s does not exist" % folder
    return None


def _jit_options(args):
    """The run_source options for --jit/--jit-param/--log, or an error message."""
    if args.jit is None:
        if args.jit_param or args.log:
            return None, "--jit-param and --log need --jit (e.g. --jit llgraph)"
        return {}, None
    from .jit.params import JitParams, JitParamError      # only with a JIT: start-up
    from .jit.pypylog import parse_log_spec, PyPyLog, LogSpecError
    try:
        options = {"jit": args.jit, "jit_params": JitParams.parse(args.jit_param)}
        if args.log:
            categories, filename = parse_log_spec(args.log)
            options["jit_log"] = PyPyLog(categories)
            options["jit_log"].filename = filename
    except (JitParamError, LogSpecError) as exc:
        return None, str(exc)
    return options, None


def cmd_run(args):
    from .run import run_source
    source = _read(args.file)
    problem = _usage_problem(args)
    if problem:
        print("pypyteach: %s" % problem, file=sys.stderr)
        return 2
    options, problem = _jit_options(args)
    if not problem:
        try:
            heap_byteorder(args.jit, args.byteorder)
        except ByteOrderError as exc:
            problem = str(exc)
    if problem:
        print("pypyteach: %s" % problem, file=sys.stderr)
        return 2
    try:
        result = run_source(source, args.file, max_steps=args.max_steps, heap_size=args.heap_size,
                            byteorder=args.byteorder, recursion_limit=args.recursion_limit,
                            stdout=sys.stdout, **options)
    except errors.CompileError as exc:
        print(exc.format(), file=sys.stderr)
        return 1
    except errors.PyPyTeachError as exc:      # a fault in compiled code (a JIT bug), not the program's
        sys.stdout.flush()
        print("pypyteach: %s" % exc, file=sys.stderr)
        return 3
    sys.stdout.flush()
    log = options.get("jit_log")
    if log is not None:
        if log.filename == "-":             # as PYPYLOG=...:- does: the log goes to stderr
            sys.stderr.write(log.finish(result.jit))
        else:
            with open(log.filename, "w") as f:
                f.write(log.finish(result.jit))
    if result.error is not None:
        print(result.error.traceback, file=sys.stderr)
        return 1
    if result.step_limit is not None:
        print("pypyteach: %s" % result.step_limit, file=sys.stderr)
        return 2
    return 0


def cmd_dis(args):
    from .vm.compiler.dis import dis_source
    try:
        print(dis_source(_read(args.file), args.file), end="")
    except errors.CompileError as exc:
        print(exc.format(), file=sys.stderr)
        return 1
    return 0


def cmd_layout(args):
    from .vm.memory import layout
    if args.type:
        found = layout.LAYOUTS.by_name.get(args.type)
        if found is None:
            print("pypyteach: no layout named %r; known: %s" % (args.type, ", ".join(layout.LAYOUTS.by_name)),
                  file=sys.stderr)
            return 2
        print(layout.format_layout(found))
    else:
        print("\n\n".join(layout.format_layout(l) for l in layout.LAYOUTS.by_tid[1:]))
    return 0


def cmd_slides(args):
    from .slides import DeckError, build_deck, notebooks_in
    notebooks = notebooks_in(args.notebooks)
    if not notebooks:
        print("pypyteach: no notebook in %s" % ", ".join(args.notebooks), file=sys.stderr)
        return 2
    for path in notebooks:
        try:
            print("%s -> %s" % (path, build_deck(path, args.output)))
        except DeckError as exc:
            print("pypyteach: %s" % exc, file=sys.stderr)
            return 2
    return 0


def main(argv=None):
    args = build_parser().parse_args(argv)
    handler = {"run": cmd_run, "dis": cmd_dis, "layout": cmd_layout, "slides": cmd_slides,
               "log": logcli.cmd_log}[args.command]
    try:
        status = handler(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # the reader went away (``pypyteach log big.log | head``): not an error of
        # ours; stdout is pointed at devnull so the interpreter's own flush at exit is quiet
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 0
    sys.exit(status)
