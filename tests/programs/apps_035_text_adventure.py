# A scripted text adventure: rooms as dicts, an inventory, commands parsed from a script.
rooms = {
    "hall": {"desc": "a dusty hall", "exits": {"north": "library", "east": "kitchen"}, "items": ["lamp"]},
    "library": {"desc": "shelves of old books", "exits": {"south": "hall"}, "items": ["key", "book"]},
    "kitchen": {"desc": "a cold kitchen", "exits": {"west": "hall", "down": "cellar"}, "items": []},
    "cellar": {"desc": "a dark cellar", "exits": {"up": "kitchen"}, "items": ["treasure"], "locked": True},
}
script = ["look", "take lamp", "go north", "take key", "take sword", "go south", "go east",
          "go down", "use key", "go down", "take treasure", "inventory", "go west", "dance"]
here = "hall"
inventory = []
score = 0
for line in script:
    verb, *words = line.split(" ")
    rest = " ".join(words)
    room = rooms[here]
    if verb == "look":
        msg = f"You are in {room['desc']}. Exits: {', '.join(sorted(room['exits']))}. Items: {room['items']}"
    elif verb == "go":
        target = room["exits"].get(rest)
        if target is None:
            msg = "You can't go " + rest
        elif rooms[target].get("locked"):
            msg = "The way " + rest + " is locked"
        else:
            here = target
            msg = "You walk " + rest + " to the " + here
    elif verb == "take":
        if rest in room["items"]:
            room["items"].remove(rest)
            inventory.append(rest)
            score += 10 if rest == "treasure" else 1
            msg = "Taken: " + rest
        else:
            msg = "There is no " + rest + " here"
    elif verb == "use" and rest in inventory:
        unlocked = [r for r in room["exits"].values() if rooms[r].get("locked")]
        for r in unlocked:
            rooms[r]["locked"] = False
        msg = "You unlock " + (", ".join(unlocked) if unlocked else "nothing")
    elif verb == "inventory":
        msg = "You carry: " + (", ".join(inventory) or "nothing")
    else:
        msg = "I don't understand " + repr(line)
    print(f"> {line:14} {msg}")
print("final room", here, "score", score, "items", inventory)
