/* Stores through a null pointer: SIGSEGV semantics (status 128 + 11). */
int main(void) {
  volatile int *p = (int *)0;
  *p = 1;
  return 0;
}
