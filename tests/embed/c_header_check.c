/* patter.h compiled as C99 (not C++): calls the Catch2 tests make from C++ but that only C can
 * make, or that must work from C. */
#include "patter/patter.h"

#include <string.h>

/* Loads a broken flow from C; returns 1 when the API refused it with a message, as documented. */
int patter_c_header_check(void) {
  static const char broken[] = "{\"format\": ";
  patter_flow* flow = NULL;
  char* error = NULL;
  patter_status status = patter_flow_load(broken, strlen(broken), &flow, &error);
  int ok = status == PATTER_ERROR_INVALID_FLOW && flow == NULL && error != NULL && error[0] != '\0';
  patter_string_free(error);
  return ok;
}

/* A status this header does not know, as a C host may pass any int for an enum. */
const char* patter_c_unknown_status_string(void) { return patter_status_string(1234); }
