echo "start"
seq 1 10 | sort -r | head -3
seq 1 100 | awk '{ s += $1 } END { print "sum", s }'
printf '%s\n' alpha beta gamma | sort | md5sum
expr 6 \* 7
x=0; for i in 1 2 3 4 5; do x=$((x + i * i)); done; echo "squares $x"
echo "a:b:c" | cut -d: -f2
mkdir -p d/e && echo hi > d/e/f && ls d d/e
f() { echo "func $1"; return 3; }; f arg; echo "status $?"
case foo in f*) echo matched;; esac
echo done
