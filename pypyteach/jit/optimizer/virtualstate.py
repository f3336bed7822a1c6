"""The state at the head of the peeled loop (PyPy's virtualstate.py and
shortpreamble.py, in small).

At the end of the preamble each value the loop needs is named by a *path*:

- ``("arg", k)``: the k-th value the closing jump passes (a frame slot);
- ``path + (field,)`` / ``path + (index,)``: a field or item of a virtual
  object found at ``path``;
- ``("extra", kind, name, descr, argument paths)``: a value the preamble's
  caches know, e.g. the ``current`` field of the range iterator at
  ``("arg", 5)``, or the pure ``intval`` of a box: the loop body starts out
  knowing it and, if it uses it, gets it as an extra label argument (PyPy's
  short preamble).

A virtual object at the jump is passed as its fields (its *shape*), so
that an int box needs no allocation in the loop at all; everything else is
a *slot*: one label argument, or a constant not passed at all.  Each slot
comes with the facts the body may assume (class, non-null, integer bounds).

Those assumptions must also hold when the body jumps back to its own label:
``LoopHeader.check_end`` compares the body's end state with them.  What
fails becomes a ``Decision`` (force that virtual, box that constant, assume
nothing of that slot, do not import that cache entry) and the loop is
optimized again; assumptions only get weaker, so this ends.
"""

from ..resoperation import Const, ConstInt, InputArg, ResOperation
from .intutils import IntBound
from .optimizer import VirtualArray, VirtualStruct, const_key, replace


class Decisions:
    """What earlier attempts found the loop body cannot assume."""

    def __init__(self):
        self.force = set()          # paths of virtuals passed as real objects
        self.box = set()            # paths of constants/aliases given their own argument
        self.weak = set()           # paths of slots assumed nothing of
        self.no_import = set()      # paths of cache entries not given to the body
        self.no_invalidation = False

    def size(self):
        return (len(self.force) + len(self.box) + len(self.weak) + len(self.no_import)
                + int(self.no_invalidation))


class Node:
    """A virtual object at the loop header: its class and its parts."""

    def __init__(self, number, path, info):
        self.number = number
        self.path = path
        self.is_array = isinstance(info, VirtualArray)
        self.descr = info.descr
        self.children = []          # [(key, Node | Slot)]
        self.origin = None          # the recorded op the virtual stands for


class Slot:
    """One value at the loop header, passed as a label argument unless constant."""

    def __init__(self, path, value, recipe=None):
        self.path = path
        self.value = value          # the preamble's value (a Const when constant)
        self.recipe = recipe        # extras: (kind, name, descr, [argument slots or Consts])
        self.owner = self           # the first slot with the same value
        self.proxy = None           # the body's stand-in for the value
        self.facts = None           # (class, nonnull, IntBound) the body assumes
        self.end = None             # the value at the body's closing jump

    @property
    def is_const(self):
        return isinstance(self.value, Const)


class LoopHeader:
    """Builds the header from the preamble optimizer's end state."""

    def __init__(self, preamble, decisions):
        self.pre = preamble
        self.decisions = decisions
        self.roots = []             # per jump argument: Node or Slot
        self.slots = []             # leaf slots of the jump arguments, in order
        self.extras = []            # slots of cache entries, in dependency order
        self.nodes = {}             # virtual value -> Node
        self.by_value = {}          # preamble value -> owning Slot
        self.assume_not_invalidated = preamble.invalidation_checked and not decisions.no_invalidation

    # -- from the preamble ------------------------------------------------------------------

    def build(self, jump_args):
        self.force_decided(jump_args)
        self.roots = [self.visit(("arg", k), arg) for k, arg in enumerate(jump_args)]
        self.import_caches()
        for slot in self.slots + self.extras:
            slot.facts = self.facts_of(slot)

    def force_decided(self, jump_args):
        """Force, before anything looks at them, the virtuals that earlier
        attempts showed cannot stay virtual across the loop header."""
        for path in sorted(self.decisions.force, key=len):
            if path[0] != "arg" or path[1] >= len(jump_args):
                continue
            value = replace(jump_args[path[1]])
            for key in path[2:]:
                info = self.pre.virtuals.get(value)
                if info is None:
                    break
                value = info.get(key)
            else:
                self.pre.force_box(value, self.pre.force_via, "header")

    def visit(self, path, value):
        value = replace(value)
        info = self.pre.virtuals.get(value)
        if info is not None and path in self.decisions.force:
            value = self.pre.force_box(value, self.pre.force_via, "header")
            info = None
        if info is None:
            return self.leaf(path, value)
        if value in self.nodes:
            return self.nodes[value]
        self.pre.note(value, "removed", "virtual_at_label", path)
        node = self.nodes[value] = Node(len(self.nodes), path, info)
        node.origin = value.origin or value     # the body's stand-in is named as this value (reasons)
        for key, child in info.leaves():
            node.children.append((key, self.visit(path + (key,), child)))
        return node

    def leaf(self, path, value):
        if path in self.decisions.box:
            kind = value.type
            value = ResOperation("same_as_" + kind, [value])
            self.pre.note(value, "added", "boxed_at_label", path)
            self.pre.propagate_forward(value)       # straight out: rewrite would undo it
        slot = Slot(path, value)
        self.own(slot)
        self.slots.append(slot)
        return slot

    def own(self, slot):
        if not slot.is_const:
            slot.owner = self.by_value.setdefault(slot.value, slot)

    def import_caches(self):
        """Cache entries of the preamble about header values become extras."""
        entries = [e for opt in self.pre.passes for e in opt.export_state()]
        entries = [e for e in entries if not e[1] or not e[1].startswith("call_")]
        known = set()
        progress = True
        while progress:
            progress = False
            for kind, name, descr, args, value in entries:
                parts = [self.part_of(arg) for arg in args]
                if any(part is None for part in parts) or value.type == "v" or value in self.pre.virtuals:
                    continue
                path = ("extra", kind, name, descr, tuple(self.path_key(p) for p in parts))
                if path in known or path in self.decisions.no_import:
                    continue
                known.add(path)
                slot = Slot(path, value, (kind, name, descr, parts))
                self.own(slot)
                self.extras.append(slot)
                progress = True

    def part_of(self, value):
        if isinstance(value, Const):
            return value
        return self.by_value.get(replace(value))

    @staticmethod
    def path_key(part):
        return ("const", const_key(part)) if isinstance(part, Const) else part.path

    def facts_of(self, slot):
        value = slot.value
        if slot.is_const or slot.owner.path in self.decisions.weak or slot.path in self.decisions.weak:
            return (None, False, IntBound())
        bound = self.pre.getintbound(value) if value.type == "i" else IntBound()
        return (self.pre.get_known_class(value), self.pre.is_nonnull(value), bound)

    # -- the body's view ------------------------------------------------------------------------

    def make_proxies(self):
        for slot in self.slots + self.extras:
            if slot.is_const:
                slot.proxy = slot.value
            elif slot.owner is slot:
                slot.proxy = InputArg(slot.value.type)
        for slot in self.slots + self.extras:
            if not slot.is_const and slot.owner is not slot:
                slot.proxy = slot.owner.proxy

    def install(self, body):
        """Give the body optimizer the header: facts, virtuals, caches."""
        self.make_proxies()
        for slot in self.slots + self.extras:
            if slot.owner is slot and not slot.is_const:
                tid, nonnull, bound = slot.facts
                if tid is not None:
                    body.known_class[slot.proxy] = tid
                if nonnull:
                    body.nonnull.add(slot.proxy)
                if not bound.is_full():
                    body.bounds[slot.proxy] = bound.copy()
        entry = [self.body_value(body, root, {}) for root in self.roots]
        entries = [(kind, name, descr, [self.proxy_of(p) for p in parts], slot.proxy, slot)
                   for slot in self.extras for kind, name, descr, parts in [slot.recipe]]
        for opt in body.passes:
            opt.import_state(entries)
        body.invalidation_checked = self.assume_not_invalidated
        return entry

    def proxy_of(self, part):
        return part if isinstance(part, Const) else part.proxy

    def body_value(self, body, part, made):
        if isinstance(part, Slot):
            return part.proxy
        if part.number in made:
            return made[part.number]
        if part.is_array:
            value = ResOperation("new_array", [ConstInt(len(part.children))], part.descr)
            info = VirtualArray(part.descr, len(part.children))
        else:
            value = ResOperation("new_with_vtable", [], part.descr)
            info = VirtualStruct(part.descr)
        value.origin = part.origin
        made[part.number] = value
        body.virtuals[value] = info
        for key, child in part.children:
            child_value = self.body_value(body, child, made)
            if part.is_array:
                info.items[key] = child_value
            else:
                info.fields[key] = child_value
        return value

    # -- the body's end ------------------------------------------------------------------------

    def match_end(self, body, jump_args):
        """Walk the end values along the header's shape; record leaf end
        values.  Returns the path to force when a virtual does not match."""
        seen_nodes, seen_values = {}, {}
        leaves = []

        def match(part, value):
            value = replace(value)
            if isinstance(part, Slot):
                leaves.append((part, value))
                return None
            info = body.virtuals.get(value)
            if part.number in seen_nodes:
                return None if seen_nodes[part.number] is value else part.path
            if (info is None or isinstance(info, VirtualArray) != part.is_array or info.descr is not part.descr
                    or len(info.leaves()) != len(part.children) or value in seen_values):
                return part.path
            seen_nodes[part.number], seen_values[value] = value, part.number
            for (key, child), (_, item) in zip(part.children, info.leaves()):
                failed = match(child, item)
                if failed is not None:
                    return failed
            return None

        for root, value in zip(self.roots, jump_args):
            failed = match(root, value)
            if failed is not None:
                return failed
        for slot, value in leaves:
            if value in seen_values:
                return self.nodes_path(seen_values[value])
            slot.end = body.force_box(value, body.force_via, "body_end")
        return None

    def nodes_path(self, number):
        return next(node.path for node in self.nodes.values() if node.number == number)

    # -- kept with the compiled loop, for bridges ------------------------------------------------

    def finish(self, label_slots, used_imports):
        """The loop was peeled with this header: keep what a bridge jumping
        to its label needs (unroll.jump_to_existing_trace), drop the rest.
        ``relied`` are the extras the body's passes used, and those they
        are computed from: what a bridge must compute, or check."""
        relied = set(used_imports)
        for slot in reversed(self.extras):
            if slot in relied:
                relied.update(part for part in slot.recipe[3] if isinstance(part, Slot) and part.recipe)
        self.label_slots = label_slots
        self.relied = [slot for slot in self.extras if slot in relied]
        self.pre = None

    def match_bridge(self, opt, jump_args):
        """The values a bridge (optimized by ``opt``) passes for each slot,
        walking its jump arguments along the header's shape; None when they
        cannot fit: a virtual where the body expects a real object or one of
        another shape, a known class or a constant other than the body's."""
        if len(jump_args) != len(self.roots):
            return None
        leaves, nodes, virtual_at = {}, {}, {}

        def match(part, value):
            value = replace(value)
            if isinstance(part, Slot):
                leaves[part] = value
                return True
            if part.number in nodes:
                return nodes[part.number] is value
            info = opt.virtuals.get(value)
            if (info is None or isinstance(info, VirtualArray) != part.is_array or info.descr is not part.descr
                    or len(info.leaves()) != len(part.children) or value in virtual_at):
                return False
            nodes[part.number], virtual_at[value] = value, part.number
            return all(match(child, item) for (_, child), (_, item) in zip(part.children, info.leaves()))

        if not all(match(root, value) for root, value in zip(self.roots, jump_args)):
            return None
        for slot, value in leaves.items():
            if value in virtual_at or not self.may_hold(opt, slot, value, leaves):
                return None
        return leaves

    @staticmethod
    def may_hold(opt, slot, value, leaves):
        """Can guards make ``value`` what the body assumes of ``slot``?"""
        if slot.is_const:
            if isinstance(value, Const):
                return const_key(value) == const_key(slot.value)
            return value.type in "ir" and value not in opt.virtuals
        if slot.owner is not slot:
            other = leaves[slot.owner]
            return other is value or (isinstance(value, Const) and isinstance(other, Const)
                                      and const_key(value) == const_key(other))
        return facts_may_hold(opt, value, slot.facts)


def facts_may_hold(opt, value, facts):
    """False when what ``opt`` knows of ``value`` contradicts ``facts``."""
    tid, nonnull, bound = facts
    known = opt.get_known_class(value)
    if tid is not None and known is not None and known != tid:
        return False
    if (nonnull or tid is not None) and isinstance(value, Const) and not value.value:
        return False
    if value.type == "i" and not bound.is_full():
        have = opt.getintbound(value)
        if have.upper < bound.lower or have.lower > bound.upper:
            return False
    return True

