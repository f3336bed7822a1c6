# expect: import sys
# line: 6 col: 0
# Only the math module may be imported.
def main():
    print("hello")
import sys
main()
sys.exit(0)
