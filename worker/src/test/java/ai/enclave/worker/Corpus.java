/*
 * A small company handbook as plain-text files, one topic per file, written by the tests: long enough
 * for the pipeline's quality filter, different enough that deduplication keeps every file.
 */
package ai.enclave.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

final class Corpus {

    static final List<String> DOCUMENTS = List.of("""
            Every new colleague receives a laptop, a badge and a short tour of the building on the first morning.
            The tour starts at the reception desk and ends in the kitchen, where the coffee machine lives.
            Please ask your team lead for the accounts you need; most of them are ready before you arrive.
            During the first week you will meet the people you work with most, one conversation at a time.
            We expect nobody to know everything at once, so questions are always welcome and never a burden.
            A written plan for your first month helps you see what matters and what can wait until later.
            At the end of that month you and your lead talk about what went well and what could be easier.
            Those notes help us improve the way the next person joins the company.
            """, """
            Travel for work is booked through the travel desk, which compares prices and keeps the receipts.
            Trains are preferred for journeys shorter than five hours because they are calmer and cleaner.
            When a flight is needed, economy class is the rule unless a doctor advises something different.
            Hotels near the office you visit save time, even when a cheaper room exists farther away.
            Meals during a trip are paid by the company within the daily allowance for that country.
            Keep the receipts, photograph them with the expenses app, and submit them within two weeks.
            If plans change, cancel bookings as early as possible so that fees stay small.
            Safety comes first: call the emergency number printed on your badge if anything goes wrong abroad.
            """, """
            Our offices are open from seven in the morning until eight in the evening on working days.
            Most teams agree on a few shared hours for meetings and leave the rest of the day flexible.
            Working from home is common, and the company pays for a good chair and a second screen.
            Before you work from a cafe or a train, make sure nobody can read your screen over your shoulder.
            Holidays are planned with your team so that someone can always answer urgent questions.
            Sick days need no certificate for the first three days; just tell your lead as soon as you can.
            Parents may shift their hours around school times without asking for special permission.
            Overtime should be rare, and when it happens it is recorded and later taken back as free time.
            """, """
            Customer data is the most sensitive thing we handle, and it never leaves our own systems.
            Copying records to a personal device or a private mailbox is forbidden without exception.
            Access is granted per project and removed automatically when the project is finished.
            Every request to export data is reviewed by the privacy officer before anything is sent.
            Passwords are long phrases stored in the company password manager, never on paper notes.
            Lost laptops and phones must be reported at once so that they can be locked remotely.
            Suspicious messages that ask for credentials are forwarded to the security team for review.
            Regular training reminds everyone how attackers try to trick busy people into mistakes.
            """, """
            The library on the second floor lends books about engineering, design, history and science.
            Anyone may borrow up to five books for a month and renew them when nobody else is waiting.
            Quiet rooms beside the library can be reserved for focused work or for a calm phone call.
            Each quarter the company pays for one course or conference that helps you grow in your role.
            Talks given by colleagues on Thursday afternoons are recorded for those who cannot attend.
            Mentors from other departments offer an outside view when you face a difficult decision.
            Learning a new language at work is supported with lessons held during lunch twice a week.
            Sharing what you learned with your team afterwards is encouraged but never required.
            """, """
            Small repairs around the building are requested through the facilities portal on the intranet.
            Broken lights, noisy heaters and stuck windows are usually fixed within two working days.
            Bicycles belong in the basement garage, which has lockers, showers and a pump for tyres.
            Parking spaces for cars are limited and are shared by lottery every three months.
            Plants in the corridors are watered by a gardener who visits on Monday mornings.
            Recycling bins for paper, glass and plastic stand at the end of every corridor.
            Please leave meeting rooms tidy, wipe the whiteboard and switch off the screen when you go.
            Lost and found items are kept at reception for one month before they are donated.
            """);

    private Corpus() {}

    /** Writes the documents as topic-NN.txt into {@code folder}. */
    static Path write(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (int i = 0; i < DOCUMENTS.size(); i++) {
            Files.writeString(folder.resolve(String.format("topic-%02d.txt", i + 1)), DOCUMENTS.get(i));
        }
        return folder;
    }
}
