# gdb script for instructions.sh: steps one thread through one round trip, from one
# wait for events to the next, and counts the user-space instructions it executes,
# per function. Environment: STOP_AT, a gdb breakpoint location (and condition)
# where each turn of the thread's loop starts.
import collections
import os

import gdb

stop_at = os.environ["STOP_AT"]
gdb.execute("set pagination off")
gdb.execute("set confirm off")
gdb.execute("break " + stop_at)
# The first stop may come in the middle of a turn; the second starts a whole one.
gdb.execute("continue")
gdb.execute("continue")
start = int(gdb.parse_and_eval("$pc"))
condition = stop_at.split(" if ", 1)[1] if " if " in stop_at else None
# Only this thread moves while it is stepped.
gdb.execute("set scheduler-locking step")
pcs = []
while len(pcs) < 1_000_000:
    gdb.execute("stepi", to_string=True)
    pc = int(gdb.selected_frame().pc())
    pcs.append(pc)
    if pc == start and (condition is None or bool(gdb.parse_and_eval(condition))):
        break
names = {}
for pc in set(pcs):
    symbol = gdb.execute("info symbol %d" % pc, to_string=True).strip()
    names[pc] = symbol.split(" in section")[0].rsplit(" + ", 1)[0]
per_function = collections.Counter(names[pc] for pc in pcs)
print("TOTAL %d" % len(pcs))
for name, count in per_function.most_common():
    print("%d %s" % (count, name))
gdb.execute("detach")
