/* Executes an illegal instruction after printing: the runner must report
 * SIGILL semantics (status 128 + 4) and stay in control. */
#include <stdio.h>

int main(void) {
  printf("before\n");
  fflush(stdout);
  __asm__ volatile(".long 0x00000000");
  printf("after\n");
  return 0;
}
