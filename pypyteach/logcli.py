"""``pypyteach log FILE``: what a PYPYLOG file holds (ours or PyPy's).

    pypyteach log jit.log                    loops and bridges, hottest first
    pypyteach log jit.log --loop 1           one loop's ops, each with its machine code
    pypyteach log jit.log --loop 0x7f5a...   a bridge, by the guard it leaves from
    pypyteach log jit.log --html out.html    the views (trace tree, listings, code) in one page

The source files named in the merge points are looked up beside the log
(or in ``--source DIR``) and their lines shown.
"""

import os
import sys



def add_parser(commands):
    log = commands.add_parser("log", help="summarize a PYPYLOG file (pypyteach's or PyPy's)")
    log.add_argument("file")
    log.add_argument("--loop", default=None, metavar="N|0xGUARD",
                     help="one loop (by number) or bridge (by its guard) with its machine code")
    log.add_argument("--html", default=None, metavar="OUT", help="write the views of the log to an HTML file")
    log.add_argument("--source", action="append", default=[], metavar="DIR",
                     help="where the program's source files are (default: beside the log)")
    return log


def cmd_log(args):
    from .jit.oparser import ParseError          # the JIT loads only for this command
    from .jit.pypylog import load
    if not os.path.isfile(args.file):
        print("pypyteach: no such log file: %s" % args.file, file=sys.stderr)
        return 2
    try:
        loaded = load(args.file, source_dirs=args.source)
    except ParseError as exc:
        print("pypyteach: %s" % exc, file=sys.stderr)
        return 2
    if args.loop is not None:
        try:
            trace = loaded.find(args.loop)
        except KeyError as exc:
            print("pypyteach: %s" % exc.args[0], file=sys.stderr)
            return 2
        print(loop_text(loaded, trace))
    else:
        print(summary_text(loaded))
    if args.html:
        folder = os.path.dirname(os.path.abspath(args.html))
        if not os.path.isdir(folder):
            print("pypyteach: --html: directory %s does not exist" % folder, file=sys.stderr)
            return 2
        from .viz.logview import log_page
        with open(args.html, "w", encoding="utf-8") as f:
            f.write(log_page(loaded.to_record(), summary_text(loaded), loaded.filename))
        print("wrote %s" % args.html)
    return 0


def hotness(trace):
    """How often a loop or bridge ran: the most of its entry count and its
    labels' counts (PyPy counts every pass through a label)."""
    return max([trace.entries or 0] + list(trace.label_counts.values()))


def summary_text(loaded):
    loops, bridges = loaded.loops(), loaded.bridges()
    lines = ["%s: a %s log%s, %d loop%s, %d bridge%s" % (
        loaded.filename, loaded.producer or "PYPYLOG", " (%s machine code)" % loaded.arch if loaded.arch else "",
        len(loops), "" if len(loops) == 1 else "s", len(bridges), "" if len(bridges) == 1 else "s")]
    if loaded.summary:
        s = loaded.summary
        lines.append("jit-summary: tracing %d (%.6f s), backend %d (%.6f s), total %.6f s, %d aborts"
                     % (s.get("tracing", 0), s.get("tracing_time", 0), s.get("backend", 0), s.get("backend_time", 0),
                        s.get("total_time", 0), sum(v for k, v in s.items() if k.startswith("abort_"))
                        + sum((s.get("pypyteach_aborts") or {}).values())))
    if loaded.counts is None:
        lines.append("(no jit-backend-counts: entry counts unknown; PYPYLOG=jit-backend-counts adds them)")
    lines.append("hottest first:")
    for trace in sorted(loaded.traces, key=lambda t: -hotness(t)):
        lines.append("  " + _trace_line(loaded, trace))
    return "\n".join(lines)


def _times(count):
    return "%d time%s" % (count, "" if count == 1 else "s")


def _trace_line(loaded, trace):
    if trace.kind == "loop":
        where = trace.name
    else:
        owner = loaded.owner_of(trace.guard)
        where = "a guard of %s" % owner.title if owner is not None else "a guard not in this log"
    merge_points = len(trace.operations) - trace.op_count()
    parts = ["%s (%s): %d ops (+%d debug_merge_point), %d guards" % (
        trace.title, where, trace.op_count(), merge_points, len(trace.guards()))]
    if trace.entries is not None:
        parts.append("entered %s" % _times(trace.entries))
    for index, count in sorted(trace.label_counts.items()):
        parts.append("label op %d passed %s" % (index, _times(count)))
    if trace.addresses is not None:
        parts.append("%d bytes of code at 0x%x" % (trace.addresses.end - trace.addresses.code_start,
                                                  trace.addresses.code_start))
    return ", ".join(parts)


def loop_text(loaded, trace):
    """One loop or bridge: each op as the log prints it, its instructions
    under it, and the source line of each bytecode."""
    from .jit.logger import format_trace
    logged = trace.logged
    printed = format_trace(logged.inputargs, logged.operations, offsets=logged.offsets)
    lines = [_trace_line(loaded, trace)]
    if printed and logged.inputargs is not None:
        lines.append(printed.pop(0))
    rows_by_op = {}
    for row in trace.rows:
        rows_by_op.setdefault(row.index, []).append(row)
    lines += ["    " + _row_text(row) for row in trace.rows if row.index < 0 and row.role.endswith("entry")]
    for index, (op, text) in enumerate(zip(logged.operations, printed)):
        position = trace.positions[index]
        if op.name == "debug_merge_point" and position is not None:
            source = loaded.source_line(position.filename, position.line).strip()
            lines.append("%s%s" % (text, "    # line %d: %s" % (position.line, source) if source else ""))
            continue
        lines.append(text)
        lines += ["    " + _row_text(row) for row in rows_by_op.get(index, ())]
    rest = [row for row in trace.rows if row.index < 0 and not row.role.endswith("entry")]
    if rest:
        lines.append("-- out of line (%s): %d instructions" % (", ".join(sorted({r.role for r in rest})), len(rest)))
        lines += ["    " + _row_text(row) for row in rest]
    if not trace.rows and trace.addresses is not None:
        backend = next((d.backend for d in loaded.log.dumps if d.backend), "?")
        lines.append("(%d bytes of machine code for PyPy's %s backend, which pypyteach cannot disassemble)"
                     % (len(trace.code), backend))
    elif not trace.rows:
        lines.append("(no machine code in this log: PYPYLOG=jit-backend adds it)")
    return "\n".join(lines)


def _row_text(row):
    return "0x%x: %-30s %s" % (row.address, row.bytes.hex(" "), row.text)
