/** A promise another part of a test opens: one side awaits `opened`, the other calls `open()` (again is harmless). */
export function latch(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}
