Console.WriteLine("coverage");
