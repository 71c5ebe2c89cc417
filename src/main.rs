fn main() {
    baton::start();
}
