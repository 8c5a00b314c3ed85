#include "nvme_driver_test.h"
static void add_tests(CU_pSuite suite) { (void)suite; }
int main(void) { return dt_run("nvme_io_ext", add_tests); }
