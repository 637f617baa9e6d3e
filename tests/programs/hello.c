/* The smallest guest program: one printf and a distinctive exit code (3), so
 * that a runner can tell "exited normally with status 3" from a crash. */
#include <stdio.h>

int main(void) {
  printf("Hello from a pvppc guest program!\n");
  return 3;
}
