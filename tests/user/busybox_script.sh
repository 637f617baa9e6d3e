# Run by busybox sh under pvppc_user, in an empty scratch directory, with
# PATH holding only busybox applets. Every line of output is compared with
# busybox_expected.txt.
echo "== files"
mkdir -p tree/sub/deeper
touch tree/a tree/b
echo hello > tree/sub/file
printf 'line %d\n' 1 2 3 >> tree/sub/file
ls tree | sort
ls -l tree/sub/file | cut -c1-10
cat tree/sub/file
wc -l < tree/sub/file
find tree -type f | sort
mv tree/a tree/c
cp tree/sub/file tree/copy
cmp tree/sub/file tree/copy && echo "copy is identical"
ln -s sub/file tree/link
readlink tree/link
cat tree/link | head -n 1
rm -r tree/sub
test -e tree/sub || echo "sub is gone"
ls tree | sort | tr '\n' ' '; echo

echo "== text"
seq 1 10 | grep -v 5 | wc -l
seq 1 100 | tail -n 3 | head -n 1
echo "a b c" | tr a-z A-Z
echo "x:y:z" | cut -d: -f2
echo "foo bar foo" | sed 's/foo/baz/g'
printf '3\n1\n2\n10\n' | sort -n | tr '\n' ,; echo
printf 'b 2\na 1\nc 3\n' | sort -k2 -r | awk '{ print $1 ":" $2 * 10 }'
seq 1 1000 | awk '{ s += $1 } END { print "sum", s }'
echo pvppc | md5sum
echo "hello world" | wc -c
expr 6 \* 7
expr length "pvppc"
printf '%5s|%-5s|%03d|%x\n' ab cd 7 255
echo one two three | xargs -n 1 echo item

echo "== shell"
x=$(echo sub); echo "substitution: $x"
for i in 1 2 3; do printf '%s ' "$i"; done; echo
n=0; while [ $n -lt 5 ]; do n=$((n + 1)); done; echo "while: $n"
f() { echo "function got $# args: $*"; return 3; }
f a b; echo "status $?"
case "pvppc" in pv*) echo "case matched";; *) echo "case missed";; esac
sh -c 'exit 7'; echo "child exit $?"
( cd tree && pwd | sed 's|.*/||' )
false || echo "or works"
true && echo "and works"
echo "to stderr" 1>&2 2>/dev/null
{ echo "group"; echo "redirected"; } > out.txt; cat out.txt
cat <<END
here document with $x
END
sleep 0.1 &
wait $!; echo "background job: $?"
trap 'echo "trapped USR1"' USR1
kill -USR1 $$
echo "after trap"
printf '#!/bin/sh\necho "script ran with $1"\nexit 4\n' > script.sh
chmod +x script.sh
./script.sh arg; echo "script status $?"
nosuchcommand 2>/dev/null; echo "missing command: $?"
echo "== done"
