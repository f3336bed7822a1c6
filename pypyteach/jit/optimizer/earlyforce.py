"""earlyforce: force virtuals that escape, before the heap pass (PyPy's OptEarlyForce).

The virtualize pass handles the operations that can work on a virtual
object (field reads and writes, array items, identity tests, some guards)
and lets everything else through untouched, so that the passes after it
could still look at virtual arguments (in PyPy, the string pass does).
What reaches this pass with a virtual argument is an escape: a residual
call, a store into a real object, a guard that needs the object itself.
Forcing here, rather than at the very end, lets the heap pass see the
allocation and its field writes and cache them.
"""

from .optimizer import Optimization

# no operand of these is stored anywhere by compiled code
_NOT_ESCAPING = frozenset(["debug_merge_point", "enter_portal_frame", "leave_portal_frame"])


class OptEarlyForce(Optimization):
    name = "earlyforce"

    def optimize_default(self, op):
        optimizer = self.optimizer
        if optimizer.virtuals and op.name not in _NOT_ESCAPING:
            op.args = [optimizer.force_box(arg, self, op) for arg in op.args]
        self.emit(op)
