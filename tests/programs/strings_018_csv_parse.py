# Parsing CSV with quoted fields by hand, then summarizing columns.
raw = '''name,city,amount,note
"Smith, John",Boston,120.50,"said ""hi"""
Ann,"New York",75,
Bob,Chicago,-12.25,refund
"O'Neil",Boston,300,"multi, comma"'''

def parse_line(line):
    fields = []
    cur = ""
    quoted = False
    i = 0
    while i < len(line):
        ch = line[i]
        if quoted:
            if ch == '"':
                if i + 1 < len(line) and line[i + 1] == '"':
                    cur += '"'
                    i += 1
                else:
                    quoted = False
            else:
                cur += ch
        elif ch == '"':
            quoted = True
        elif ch == ",":
            fields.append(cur)
            cur = ""
        else:
            cur += ch
        i += 1
    fields.append(cur)
    return fields

lines = raw.split("\n")
header = parse_line(lines[0])
rows = [dict(zip(header, parse_line(l))) for l in lines[1:]]
for r in rows:
    print(r)
totals = {}
for r in rows:
    totals[r["city"]] = totals.get(r["city"], 0.0) + float(r["amount"])
print(totals)
print(max(rows, key=lambda r: float(r["amount"]))["name"], [r["note"] for r in rows if r["note"]])
