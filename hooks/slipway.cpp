// Placeholder main; replaced as the gate lands.
int main() { return 0; }
