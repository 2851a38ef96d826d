import { describe, expect, it } from "vitest";
import { promptTraits, type PromptTraits } from "./traits";

const cases: Array<[string, PromptTraits]> = [
  ["", { tags: [] }],
  ["a wizard in a tower", { tags: [] }],
  [
    "smiling person with red hair and round glasses on a teal background",
    {
      hairColor: "red",
      eyewear: "glasses",
      mood: "smiling",
      background: "teal",
      tags: ["red-hair", "glasses", "smiling", "teal-background"],
    },
  ],
  [
    "serious explorer with silver hair, beard, mint background",
    {
      hairColor: "grey",
      mood: "serious",
      beard: true,
      background: "mint",
      tags: ["grey-hair", "serious", "beard", "mint-background"],
    },
  ],
  ["Blonde woman", { hairColor: "blonde", tags: ["blonde-hair"] }],
  ["ginger kid, happy", { hairColor: "red", mood: "smiling", tags: ["red-hair", "smiling"] }],
  ["long GRAY curly hair", { hairColor: "grey", tags: ["grey-hair"] }],
  ["pink-haired punk", { hairColor: "pink", tags: ["pink-hair"] }],
  [
    "brown hair, brown skin",
    { hairColor: "brown", skinTone: "medium", tags: ["brown-hair", "medium-skin"] },
  ],
  ["pale vampire", { skinTone: "light", tags: ["light-skin"] }],
  ["dark-skinned pilot", { skinTone: "dark", tags: ["dark-skin"] }],
  ["deep skin tone, grin", { skinTone: "dark", mood: "smiling", tags: ["dark-skin", "smiling"] }],
  ["tanned surfer", { skinTone: "medium", tags: ["medium-skin"] }],
  ["cool dude in sunglasses", { eyewear: "sunglasses", tags: ["sunglasses"] }],
  ["professor wearing spectacles", { eyewear: "glasses", tags: ["glasses"] }],
  ["no glasses, no beard", { eyewear: "none", beard: false, tags: [] }],
  ["clean shaven banker", { beard: false, tags: [] }],
  ["bearded sailor with a moustache", { beard: true, tags: ["beard"] }],
  ["frowning judge", { mood: "serious", tags: ["serious"] }],
  ["not happy at all", { mood: "serious", tags: ["serious"] }],
  // Colours belong to the background when "background"/"bg" follows, even hair-ish ones.
  ["red background", { background: "red", tags: ["red-background"] }],
  ["black bg", { background: "black", tags: ["black-background"] }],
  ["gray backdrop", { background: "grey", tags: ["grey-background"] }],
  ["dark blue background", { background: "blue", tags: ["blue-background"] }],
  ["light blue background", { background: "blue", tags: ["blue-background"] }],
  [
    "green hair on a purple background",
    { hairColor: "green", background: "purple", tags: ["green-hair", "purple-background"] },
  ],
  // Colour words that name neither hair nor background steer nothing.
  ["black jacket and blue eyes", { tags: [] }],
  // The first mention wins.
  ["happy then sad", { mood: "smiling", tags: ["smiling"] }],
];

describe("promptTraits", () => {
  it.each(cases)("%j", (prompt, expected) => {
    expect(promptTraits(prompt)).toEqual(expected);
  });

  it("is pure: the same prompt always gives equal traits", () => {
    const prompt = "smiling person with red hair and glasses on a teal background";
    expect(promptTraits(prompt)).toEqual(promptTraits(prompt));
  });
});
