# Uncaught ValueError from list.remove of a missing item.
queue = [5, 3, 9, 3]
queue.remove(3)
print(queue)
queue.remove(9)
print(queue)
queue.remove(42)
print(queue)
